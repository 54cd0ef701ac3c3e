// The 3-D view (three.js, WebGL): the surface of the function over the view, coloured as the
// contour is, with the paths on it, in a canvas that takes the contour's place in the plot's box
// while it is open. It draws what the 2-D renderer holds — the scene (the contour's grid,
// levels, minima), the basin map, the paths and the playback's step, the starts — and follows
// each of its draws (renderer.onDrawn), so every part of the page that feeds the contour feeds
// it too. It renders only when something changed (one frame per change, at most one per
// animation frame). A click or tap on the surface starts from the point under it through the
// playground's onPoint, as a click on the contour does.
//
// For tests (documented in ARCHITECTURE.md): screenPoint(x, y), pick(clientX, clientY),
// markerPositions(), frames; the plot box carries data-surface="<function id>" once drawn.
import {AmbientLight, Color, DirectionalLight, PerspectiveCamera, Raycaster, Scene, Vector2, Vector3,
        WebGLRenderer} from "three";
import {OrbitControls} from "three/addons/controls/OrbitControls.js";
import {HEIGHT} from "./geometry.js";
import {SpriteMaker} from "./sprites.js";
import {SurfaceLayer} from "./surface-layer.js";
import {PathLayer} from "./path-layer.js";
import {listenTo3d} from "./input.js";
import {figure3d} from "./figure.js";
import {cssColors} from "../plot/theme.js";

const THEME_COLORS = {axis: "--plot-axis", text: "--plot-text", background: "--plot-background",
                      casing: "--plot-path-casing"};
const FOV = 35;
const POLAR = 0.95;           // the first view: this far from straight down (radians)...
const AZIMUTH = -1.95;        // ...and from this side (from the front, a little to the left)

export class SurfaceView {
  // page: the playground (renderer, ui, state, onPoint, readout, scene); keysId: the id of the
  // keyboard help the canvas is described by; antialias: multisampling (plot-kind.js decides).
  constructor(page, {keysId, antialias = true}) {
    this.page = page;
    this.keysId = keysId;
    this.antialias = antialias;
    this.frames = 0;            // frames rendered (tests and the bench read it)
    this.active = false;
  }

  // Opens the view in the plot's box; throws when the browser gives no WebGL context.
  open() {
    if (this.active) return;
    const canvas = document.createElement("canvas");
    canvas.className = "pg-canvas-3d";
    canvas.tabIndex = 0;
    canvas.setAttribute("role", "application");
    canvas.setAttribute("aria-roledescription", "3-D plot");
    canvas.setAttribute("aria-describedby", this.keysId);
    // throws (or gives no context) where WebGL is off: nothing is mounted then
    this.gl = new WebGLRenderer({canvas, antialias: this.antialias});
    this.canvas = canvas;
    const box = this.page.ui.plot;
    box.append(canvas);
    box.classList.add("pg-plot-3d");
    this.scene = new Scene();
    this.camera = new PerspectiveCamera(FOV, 1, 0.05, 100);
    this.camera.up.set(0, 0, 1);
    this.scene.add(new AmbientLight(0xffffff, 0.62 * Math.PI));
    const sun = new DirectionalLight(0xffffff, 0.45 * Math.PI);
    sun.position.set(-0.6, -0.9, 2.2);
    this.scene.add(sun);
    this.sprites = new SpriteMaker();
    this.surface = new SurfaceLayer(this.sprites, this.gl.capabilities.getMaxAnisotropy());
    this.paths = new PathLayer(this.sprites);
    this.scene.add(this.surface.group, this.paths.group);
    this.controls = new OrbitControls(this.camera, canvas);
    this.controls.addEventListener("change", () => this.invalidate());
    this.controls.addEventListener("start", () => (this.moved = true));   // a drag, the wheel, fingers
    this.removeInput = listenTo3d(this, {
      onPoint: (x, y, event, {home = false} = {}) => this.page.onPoint(x, y, event.shiftKey, home),
      onHover: (point) => this.page.readout.onHover(point),
      centre: () => {
        const [[x0, x1], [y0, y1]] = this.page.scene.committedView();
        return [(x0 + x1) / 2, (y0 + y1) / 2];
      },
    });
    this.resizeObserver = new ResizeObserver(() => this.invalidate());
    this.resizeObserver.observe(box);
    this.page.renderer.onDrawn = (layer) => this.follow(layer);
    this.active = true;
    this.follow("base");
    this.resetCamera();
  }

  close() {
    if (!this.active) return;
    this.active = false;
    this.page.renderer.onDrawn = null;
    this.resizeObserver.disconnect();
    this.removeInput();
    this.controls.dispose();
    this.surface.dispose();
    this.paths.clear();
    this.sprites.dispose();
    this.gl.dispose();
    this.gl.forceContextLoss();
    this.canvas.remove();
    const box = this.page.ui.plot;
    box.classList.remove("pg-plot-3d");
    delete box.dataset.surface;
    this.page.readout.onHover(null);
  }

  // The first view of the box: from the front and above, as close as keeps the whole box (and
  // its labels) inside the canvas.
  resetCamera() {
    const target = new Vector3(0, 0, HEIGHT * 0.3);
    const {halfX = 1, halfY = 1} = this.surface.frame ?? {};
    const corners = [];
    for (const X of [-halfX - 0.45, halfX]) for (const Y of [-halfY - 0.2, halfY]) for (const Z of [0, HEIGHT]) corners.push(new Vector3(X, Y, Z));
    const [width, height] = this.size();
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    const place = (distance) => {
      this.camera.position.set(target.x + distance * Math.sin(POLAR) * Math.cos(AZIMUTH),
                               target.y + distance * Math.sin(POLAR) * Math.sin(AZIMUTH),
                               target.z + distance * Math.cos(POLAR));
      this.camera.lookAt(target);
      this.camera.updateMatrixWorld();
      return corners.every((corner) => {
        const p = corner.clone().project(this.camera);
        return Math.abs(p.x) <= 0.94 && Math.abs(p.y) <= 0.94;
      });
    };
    let near = 0.5, far = 40;   // the closest distance that keeps every corner in sight
    for (let i = 0; i < 30; i++) {
      const mid = (near + far) / 2;
      if (place(mid)) far = mid; else near = mid;
    }
    place(far);
    this.moved = false;        // until the visitor turns, zooms or pans, the camera follows the box's shape and size
    this.fitted = `${halfX} ${halfY} ${width} ${height}`;
    this.controls.target.copy(target);
    this.controls.minDistance = far * 0.2;
    this.controls.maxDistance = far * 4;
    this.controls.update();
    this.invalidate();
  }

  // The 2-D renderer drew its base (scene, basin map, theme) or its overlay (paths, step, starts).
  follow(layer) {
    const renderer = this.page.renderer;
    if (!renderer.scene) return;
    if (layer === "base") {
      this.colors = cssColors(this.page.ui.plot, THEME_COLORS);
      this.colors.casing ||= "#121212";
      const rebuilt = this.surface.update(renderer.scene, renderer.basinMap, this.colors);
      this.scene.background = new Color(this.colors.background || "#ffffff");
      this.canvas.setAttribute("aria-label", `3-D surface of ${this.page.scene.functionName()}`);
      if (rebuilt && this.surface.mesh) this.page.ui.plot.dataset.surface = this.page.state.fn;
    }
    if (!this.colors) return;
    this.paths.update(renderer.paths, renderer.starts, this.surface, this.colors.casing);
    this.paths.setStep(renderer.step);
    this.invalidate();
  }

  // One render at the next animation frame, however many changes came before it.
  invalidate() {
    if (this.due || !this.active) return;
    this.due = true;
    requestAnimationFrame(() => {
      this.due = false;
      if (this.active) this.render();
    });
  }

  size() {
    const box = this.page.ui.plot;
    return [Math.max(1, box.clientWidth), Math.max(1, box.clientHeight)];
  }

  render() {
    const [width, height] = this.size();
    const {halfX = 1, halfY = 1} = this.surface.frame ?? {};
    if (!this.moved && this.fitted !== `${halfX} ${halfY} ${width} ${height}`) this.resetCamera();
    const dpr = Math.min(2, window.devicePixelRatio || 1);   // a third more pixels would cost more than they show
    if (this.sized !== `${width} ${height} ${dpr}`) {
      this.sized = `${width} ${height} ${dpr}`;
      this.gl.setPixelRatio(dpr);
      this.gl.setSize(width, height, false);
    }
    this.camera.aspect = width / height;
    this.camera.updateProjectionMatrix();
    this.paths.setResolution(width, height);
    // sprites keep their size in CSS px (a sprite without size attenuation spans scale × P11 / 2 of the height)
    const perPixel = 2 / (this.camera.projectionMatrix.elements[5] * height);
    this.scene.traverse((object) => {
      const size = object.isSprite && object.userData.size;
      if (size) object.scale.set(size.width * perPixel, size.height * perPixel, 1);
    });
    this.gl.render(this.scene, this.camera);
    this.frames++;
  }

  // --- for the tests and the bench --------------------------------------------------

  // Where the surface's point over (x, y) is on screen: {x, y} in client px, or null when the
  // surface has no point there.
  screenPoint(x, y) {
    const t = this.surface.heightAtPlane(x, y);
    if (t === null) return null;
    return this.toClient(new Vector3(...this.surface.frame.toWorld(x, y, t)));
  }

  toClient(world) {
    const ndc = world.clone().project(this.camera);
    const rect = this.canvas.getBoundingClientRect();
    return {x: rect.left + ((ndc.x + 1) / 2) * rect.width, y: rect.top + ((1 - ndc.y) / 2) * rect.height};
  }

  // The point (x, y) of the plane whose surface is under client px (clientX, clientY), or null.
  pick(clientX, clientY) {
    if (!this.surface.mesh) return null;
    const rect = this.canvas.getBoundingClientRect();
    const ndc = new Vector2(((clientX - rect.left) / rect.width) * 2 - 1, 1 - ((clientY - rect.top) / rect.height) * 2);
    this.raycaster ??= new Raycaster();
    this.raycaster.setFromCamera(ndc, this.camera);
    const hit = this.raycaster.intersectObject(this.surface.mesh, false)[0];
    return hit ? this.surface.frame.toPlane(hit.point.x, hit.point.y) : null;
  }

  // The markers at the current step: [{key, row, x, y}] in client px.
  markerPositions() {
    return this.paths.markerPoints().map(({key, row, world}) => ({key, row, ...this.toClient(new Vector3(...world))}));
  }

  // The view as a PNG (rendered now and captured at once, so the drawing buffer need not be kept).
  figure({title, legend}) {
    this.render();
    return figure3d(this.canvas, {title, legend, colors: this.colors, size: this.size()});
  }
}
