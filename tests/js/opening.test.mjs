// The opening run (pages/opening.js) and the clock it hands over to (runs/player.js).
import {test} from "node:test";
import assert from "node:assert/strict";
import {Opening, parseStart} from "../../site_src/js/pages/opening.js";
import {Player} from "../../site_src/js/runs/player.js";

function fakePage(opening = "0.5,1") {
  const element = {dataset: {opening}, querySelector: () => null};
  return {element, urlState: false, ui: {plot: element}, state: null};
}

test("parseStart reads 'x,y' and nothing else", () => {
  assert.deepEqual(parseStart("0.5,1"), [0.5, 1]);
  assert.deepEqual(parseStart("-1.2,1"), [-1.2, 1]);
  for (const bad of [undefined, "", "1", "1,2,3", "a,1", "1,Infinity"]) assert.equal(parseStart(bad), null, bad);
});

test("the opening run is the page's own function's default, and stays out of the hash", () => {
  const page = fakePage();
  const opening = new Opening(page);
  const blank = {fn: "two_wells", starts: [], playback: {step: null, speed: 150}};
  const state = opening.apply(blank, "two_wells");
  assert.deepEqual(state.starts, [[0.5, 1]]);
  assert.ok(opening.isOpening(state));
  assert.deepEqual(opening.forHash(state).starts, []);
  // a click makes new starts: no longer the opening run, written as they are
  const clicked = {...state, starts: [[0.5, 1]]};
  assert.ok(!opening.isOpening(clicked));
  assert.equal(opening.forHash(clicked), clicked);
  // another function, or starts of its own: no opening run
  assert.deepEqual(new Opening(fakePage()).apply({...blank, fn: "rastrigin"}, "two_wells").starts, []);
  const own = {...blank, starts: [[1, 1]]};
  assert.equal(new Opening(fakePage()).apply(own, "two_wells"), own);
  assert.deepEqual(new Opening(fakePage(null)).apply(blank, "two_wells").starts, []);
});

test("the clock can start where a picture's animation is, and a later path joins there", () => {
  globalThis.requestAnimationFrame ??= () => 1;
  globalThis.cancelAnimationFrame ??= () => {};
  const frames = [];
  let ended = 0;
  const player = new Player({onFrame: (step) => frames.push(step), onEnd: () => ended++, speed: 150});
  player.start(100, 250);           // the picture is past this path's end: drawn whole, not replayed
  assert.equal(player.step, 100);
  assert.equal(player.playing, false);
  assert.equal(ended, 1);
  player.extend(300, 250);          // a longer path arrives: it joins at the picture's step
  assert.equal(player.step, 250);
  assert.equal(player.playing, true);
  player.pause();
  player.start(300);                // a click: from step 0
  assert.equal(player.step, 0);
  assert.equal(frames.at(-1), 0);
  player.pause();
});
