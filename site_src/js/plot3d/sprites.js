// Flat pictures that face the camera in the 3-D view (three.js sprites of a constant size on
// screen): an optimizer's marker (path-style.js's shapes, as on the contour), a start, the
// minima's star and ring, and short labels. Each texture is drawn once on a small canvas and
// kept, keyed by what it shows.
import {CanvasTexture, Sprite, SpriteMaterial, SRGBColorSpace} from "three";
import {markerPath} from "../plot/path-style.js";
import {FONT} from "../plot/base-layer.js";

const SCALE = 4;   // texture pixels per CSS pixel (sharp on HiDPI screens)

export class SpriteMaker {
  constructor() {
    this.textures = new Map();
  }

  texture(key, width, height, paint) {
    let texture = this.textures.get(key);
    if (!texture) {
      const canvas = document.createElement("canvas");
      canvas.width = Math.ceil(width * SCALE);
      canvas.height = Math.ceil(height * SCALE);
      const ctx = canvas.getContext("2d");
      ctx.scale(SCALE, SCALE);
      paint(ctx);
      texture = new CanvasTexture(canvas);
      texture.colorSpace = SRGBColorSpace;
      texture.userData = {width, height};   // CSS px on screen
      this.textures.set(key, texture);
    }
    return texture;
  }

  // A sprite showing `texture` at its size in CSS px (view.js scales it to the canvas).
  sprite(texture, {depthTest = true, order = 0} = {}) {
    const sprite = new Sprite(new SpriteMaterial({map: texture, sizeAttenuation: false, depthTest, transparent: true}));
    sprite.userData.size = texture.userData;
    sprite.renderOrder = order;
    return sprite;
  }

  // An optimizer's marker in its colour on the casing, filled (at the current step).
  marker(shape, color, casing, radius = 5.5) {
    const side = 2 * radius + 6;
    return this.texture(`marker ${shape} ${color} ${casing}`, side, side, (ctx) => {
      const path = new Path2D(markerPath(shape, side / 2, side / 2, radius));
      ctx.fillStyle = color;
      ctx.fill(path);
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = casing;
      ctx.stroke(path);
    });
  }

  // A start: a white ring on a dark one, numbered when there are several.
  start(label) {
    const side = 22;
    return this.texture(`start ${label}`, side, side, (ctx) => {
      ctx.beginPath();
      ctx.arc(side / 2, side / 2, 6.5, 0, 2 * Math.PI);
      ctx.fillStyle = "rgba(255, 255, 255, 0.85)";
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = "#000000";
      ctx.stroke();
      if (label) {
        ctx.fillStyle = "#000000";
        ctx.font = `600 9px ${FONT.split("px ")[1]}`;
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.fillText(label, side / 2, side / 2 + 0.5);
      }
    });
  }

  // A global minimum: the contour's white star with a black outline.
  star() {
    const side = 20;
    return this.texture("star", side, side, (ctx) => {
      ctx.beginPath();
      for (let k = 0; k < 10; k++) {
        const r = k % 2 ? 3.6 : 8, a = -Math.PI / 2 + (k * Math.PI) / 5;
        ctx.lineTo(side / 2 + r * Math.cos(a), side / 2 + r * Math.sin(a));
      }
      ctx.closePath();
      ctx.fillStyle = "#ffffff";
      ctx.fill();
      ctx.lineWidth = 1.3;
      ctx.strokeStyle = "#000000";
      ctx.stroke();
    });
  }

  // Another local minimum: the contour's white ring.
  ring() {
    const side = 14;
    return this.texture("ring", side, side, (ctx) => {
      ctx.beginPath();
      ctx.arc(side / 2, side / 2, 4.5, 0, 2 * Math.PI);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(0, 0, 0, 0.6)";
      ctx.stroke();
      ctx.lineWidth = 1.6;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    });
  }

  // A short text (an axis's name or end value) in the plot's text colour.
  label(text, color) {
    const width = 8 + 7 * text.length, height = 18;
    return this.texture(`label ${text} ${color}`, width, height, (ctx) => {
      ctx.fillStyle = color;
      ctx.font = FONT;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(text, width / 2, height / 2);
    });
  }

  dispose() {
    for (const texture of this.textures.values()) texture.dispose();
    this.textures.clear();
  }
}
