// Unit tests of the runs' lifecycle (site_src/js/runs/run-session.js), with a stand-in worker client.
import test from "node:test";
import assert from "node:assert/strict";
import {RunSession} from "../../site_src/js/runs/run-session.js";
import {initialState} from "../../site_src/js/state/state.js";
import {fakeCatalog} from "./fake-catalog.mjs";

class FakeClient {
  constructor() {
    this.calls = [];
  }
  call(method, args, {signal}) {
    return new Promise((resolve) => {
      const call = {method, args, signal, resolve, cancelled: false};
      signal.addEventListener("abort", () => {
        call.cancelled = true;
        resolve(null);
      });
      this.calls.push(call);
    });
  }
  dropQueued() {}
}

function stateWithCopies() {
  const catalog = fakeCatalog();
  const state = initialState(catalog, "two_wells");
  const adam = state.entries.find((e) => e.key === "adam");
  state.starts = [[0.5, 1]];
  state.entries = [adam, {...adam, key: "adam.1", label: "Adam (copy)", color: "#000000"},
                   {...adam, key: "adam.2", hyperparams: {lr: 0.2}}];
  state.entries.forEach((e) => { e.enabled = true; });
  return {state, catalog};
}

// A session that has run the copies' state once: its stand-in client, and what it settled.
function runningCopies() {
  const {state, catalog} = stateWithCopies();
  const client = new FakeClient();
  const settled = [];
  const session = new RunSession(client, {onResult: (key, run) => settled.push([key, run])});
  session.runAll(state, catalog);
  return {state, catalog, client, settled, session};
}

const answer = (call, value) => call.resolve({runs: [{key: call.args.runs[0].key, points: value}]});
const tick = () => new Promise((resolve) => setImmediate(resolve));

test("entries alike share one request and each gets the answer under its own key", async () => {
  const {state, catalog, client, settled, session} = runningCopies();
  assert.equal(client.calls.length, 2);   // adam with adam.1, and adam.2 (another learning rate)
  const shared = client.calls.find((call) => call.args.runs[0].key === "adam");
  answer(shared, "A");
  answer(client.calls.find((call) => call !== shared), "B");
  await tick();
  assert.deepEqual(settled.map(([key, run]) => [key, run.key, run.points]).sort(),
                   [["adam", "adam", "A"], ["adam.1", "adam.1", "A"], ["adam.2", "adam.2", "B"]]);
  assert.ok(session.complete);
});

test("a shared request is cancelled only when every entry that shares it is", async () => {
  const {state, catalog, client, settled, session} = runningCopies();
  const shared = client.calls.find((call) => call.args.runs[0].key === "adam");
  session.drop("adam");                   // one of the two: the other still waits for the answer
  assert.equal(shared.cancelled, false);
  answer(shared, "A");
  await tick();
  assert.deepEqual(settled.filter(([, run]) => run).map(([key]) => key), ["adam.1"]);
  session.runAll(state, catalog);
  const again = client.calls.filter((call) => call.args.runs[0].key === "adam").at(-1);
  session.drop("adam");
  session.drop("adam.1");
  assert.equal(again.cancelled, true);
});
