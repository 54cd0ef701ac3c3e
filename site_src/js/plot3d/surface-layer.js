// What the 3-D view shows under the paths, rebuilt when the contour's scene, the basin map or
// the theme changes: the surface (surfaceMesh's triangles, wearing the contour's picture as its
// texture, lit from above), its minima (the contour's star and rings), and a frame: the view's
// rectangle at the bottom of the box with x and y and their ends named.
import {BufferAttribute, BufferGeometry, CanvasTexture, DoubleSide, Group, LineBasicMaterial, LineSegments, Mesh,
        MeshLambertMaterial, SRGBColorSpace, Float32BufferAttribute} from "three";
import {heightScale, surfaceMesh, worldFrame} from "./geometry.js";
import {paintSurface} from "./surface-texture.js";
import {format} from "../runs/number-format.js";

const LOCAL_MINIMA = 30;    // as the contour: every global minimum, and at most this many others (lowest first)
const LIFT = 0.012;         // sprites sit this far above the surface (world units)

export class SurfaceLayer {
  constructor(sprites, anisotropy) {
    this.sprites = sprites;
    this.anisotropy = anisotropy;
    this.group = new Group();
    this.canvas = document.createElement("canvas");
    this.mesh = null;
    this.frame = null;       // worldFrame(view)
    this.heightOf = null;    // f -> [0, 1]
    this.source = null;      // what it was built from: [scene, basinMap, colours]
  }

  // scene: the 2-D renderer's ({view, contours, grid, minima, minimaValues, globalMinima,
  // nonFinite}); colours: {axis, text}. Returns whether anything was rebuilt.
  update(scene, basinMap, colors) {
    const source = [scene, basinMap, colors.axis, colors.text];
    if (this.source && source.every((item, i) => item === this.source[i])) return false;
    const geometryChanged = !this.source || this.source[0] !== scene;
    this.source = source;
    this.frame = worldFrame(scene.view);
    const {min, max} = scene.contours;
    this.heightOf = heightScale(min, max, scene.scale ?? "linear");
    this.paint(scene, basinMap);
    if (geometryChanged) this.buildMesh(scene);
    this.buildMarks(scene, colors);
    return true;
  }

  buildMesh(scene) {
    if (this.mesh) {
      this.group.remove(this.mesh);
      this.mesh.geometry.dispose();
    }
    this.mesh = null;
    if (!scene.grid || !scene.contours.bands.length) return;
    const {positions, uvs, indices} = surfaceMesh(scene.grid, this.frame, this.heightOf);
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new BufferAttribute(positions, 3));
    geometry.setAttribute("uv", new BufferAttribute(uvs, 2));
    geometry.setIndex(new BufferAttribute(indices, 1));
    geometry.computeVertexNormals();
    this.material ??= new MeshLambertMaterial({map: this.texture, side: DoubleSide, polygonOffset: true,
                                               polygonOffsetFactor: 1, polygonOffsetUnits: 1});
    this.mesh = new Mesh(geometry, this.material);
    this.mesh.name = "surface";
    this.group.add(this.mesh);
  }

  // The contour's picture on the texture; a canvas of another size gets a new texture (WebGL
  // keeps a texture's size once it is stored).
  paint(scene, basinMap) {
    paintSurface(this.canvas, scene, basinMap);
    const size = `${this.canvas.width} ${this.canvas.height}`;
    if (this.texture && this.texture.userData.size !== size) {
      this.texture.dispose();
      this.texture = null;
    }
    if (!this.texture) {
      this.texture = new CanvasTexture(this.canvas);
      this.texture.colorSpace = SRGBColorSpace;
      this.texture.anisotropy = this.anisotropy;
      this.texture.userData.size = size;
      if (this.material) this.material.map = this.texture;
    }
    this.texture.needsUpdate = true;
  }

  // The minima (on the surface) and the frame with its labels.
  buildMarks(scene, colors) {
    if (this.marks) {
      this.group.remove(this.marks);
      disposeMarks(this.marks);
    }
    const marks = new Group();
    const {toWorld, halfX, halfY} = this.frame;
    const [[x0, x1], [y0, y1]] = scene.view;
    const inView = ([x, y]) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
    const place = (point, texture) => {
      const t = this.heightAtPlane(point[0], point[1]);
      if (t === null) return;
      const sprite = this.sprites.sprite(texture);
      sprite.position.set(...toWorld(point[0], point[1], t));
      sprite.position.z += LIFT;
      marks.add(sprite);
    };
    const minima = scene.minima ?? [];
    const globals = new Set((scene.globalMinima ?? []).map((p) => `${p[0]} ${p[1]}`));
    const values = scene.minimaValues ?? [];
    const others = minima.map((p, i) => ({p, v: values[i] ?? Infinity}))
      .filter(({p}) => !globals.has(`${p[0]} ${p[1]}`) && inView(p))
      .sort((a, b) => a.v - b.v).slice(0, LOCAL_MINIMA);
    for (const {p} of others) place(p, this.sprites.ring());
    for (const p of scene.globalMinima ?? []) if (inView(p)) place(p, this.sprites.star());
    // the frame: the view's rectangle at the bottom of the box, and its corners' edges up to the top
    const corners = [[-halfX, -halfY], [halfX, -halfY], [halfX, halfY], [-halfX, halfY]];
    const outline = corners.flatMap((c, i) => [...c, 0, ...corners[(i + 1) % 4], 0, ...c, 0, ...c, this.frame.height]);
    const geometry = new BufferGeometry();
    geometry.setAttribute("position", new Float32BufferAttribute(outline, 3));
    marks.add(new LineSegments(geometry, new LineBasicMaterial({color: colors.axis})));
    // each axis named with its range by the middle of its edge (front and left at the first view),
    // over the surface rather than hidden by it
    const label = (text, X, Y) => {
      const sprite = this.sprites.sprite(this.sprites.label(text, colors.text), {depthTest: false, order: 4});
      sprite.position.set(X, Y, 0);
      marks.add(sprite);
    };
    const gap = 0.16;
    label(`x: ${format(x0)} to ${format(x1)}`, 0, -halfY - gap);
    label(`y: ${format(y0)} to ${format(y1)}`, -halfX - gap - 0.2, 0);
    this.marks = marks;
    this.group.add(marks);
  }

  // The surface's height (in [0, 1]) at a point of the plane, as the mesh has it there (a ray
  // straight down is not needed: the grid's triangle holding the point is interpolated), or
  // null outside the grid or where f is not finite.
  heightAtPlane(x, y) {
    const grid = this.source?.[0]?.grid;
    if (!grid) return null;
    const {nx, ny, values, domain: [[gx0, gx1], [gy0, gy1]]} = grid;
    const a = ((x - gx0) / (gx1 - gx0)) * (nx - 1), b = ((y - gy0) / (gy1 - gy0)) * (ny - 1);
    if (!(a >= 0 && a <= nx - 1 && b >= 0 && b <= ny - 1)) return null;
    const i = Math.min(nx - 2, Math.floor(a)), j = Math.min(ny - 2, Math.floor(b));
    const u = a - i, v = b - j;
    const h = (di, dj) => {
      const f = values[(j + dj) * nx + i + di];
      return Number.isFinite(f) || f === Infinity ? this.heightOf(f) : NaN;
    };
    // the mesh's two triangles per cell: (i, j), (i+1, j), (i+1, j+1) and (i, j), (i+1, j+1), (i, j+1)
    const t = u >= v ? h(0, 0) + u * (h(1, 0) - h(0, 0)) + v * (h(1, 1) - h(1, 0))
      : h(0, 0) + v * (h(0, 1) - h(0, 0)) + u * (h(1, 1) - h(0, 1));
    return Number.isNaN(t) ? null : t;
  }

  dispose() {
    this.mesh?.geometry.dispose();
    this.material?.dispose();
    this.texture?.dispose();
    if (this.marks) disposeMarks(this.marks);
  }
}

// The frame's geometry and the sprites' materials (a sprite's texture is the SpriteMaker's, and its
// geometry three.js's own, shared by every sprite).
function disposeMarks(marks) {
  marks.traverse((object) => {
    if (object.isSprite) object.material.dispose();
    else object.geometry?.dispose();
  });
}
