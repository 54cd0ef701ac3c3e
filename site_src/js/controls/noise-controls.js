// Gradient noise: a level σ (0: exact gradients) and a seed. It owns the playground's
// `noise` field ({sigma, seed}) and proposes a change when a field is committed (Enter or
// leaving it). Gaussian noise of standard deviation σ is added to every gradient, drawn from
// numpy's default_rng(seed): the same seed gives the same run, in the page and in CPython.
import {el} from "./dom.js";
import {markInvalid} from "./field-errors.js";

export const SIGMA_MAX = 100;

// {sigma, seed} from the two fields' text, or {error} in plain words.
export function readNoise(sigmaText, seedText) {
  const sigma = Number(sigmaText);
  const seed = Number(seedText);
  if (sigmaText.trim() === "" || !Number.isFinite(sigma) || sigma < 0 || sigma > SIGMA_MAX) {
    return {error: `the noise level is a number from 0 to ${SIGMA_MAX}`, field: "sigma"};
  }
  if (seedText.trim() === "" || !Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    return {error: "the seed is a whole number from 0 to 4294967295", field: "seed"};
  }
  return {sigma, seed};
}

// What the gradients are, in words, for the panel and the table's caption.
export function describeNoise({sigma, seed}) {
  return sigma > 0 ? `stochastic gradients (Gaussian noise σ = ${sigma}, seed ${seed})` : "exact gradients";
}

// onChange({sigma, seed}). Returns {update(noise)}.
export function renderNoiseControls(box, {onChange}) {
  box.replaceChildren();
  const field = (label, className, attributes) => {
    const wrap = el("label", `pg-noise-field ${className}`);
    const input = el("input");
    Object.assign(input, {type: "number", ...attributes});
    wrap.append(el("span", "", label), input);
    return [wrap, input];
  };
  const [sigmaWrap, sigma] = field("Gradient noise σ", "pg-noise-sigma", {min: "0", max: String(SIGMA_MAX), step: "any"});
  const [seedWrap, seed] = field("Seed", "pg-noise-seed", {min: "0", step: "1"});
  const status = el("span", "pg-noise-status");
  const error = el("span", "pg-noise-error");
  error.setAttribute("role", "alert");
  box.append(sigmaWrap, seedWrap, status, error);

  let current = {sigma: 0, seed: 0};
  const commit = () => {
    const next = readNoise(sigma.value, seed.value);
    error.textContent = next.error ? `${next.error.charAt(0).toUpperCase()}${next.error.slice(1)}.` : "";
    markInvalid(sigma, error, next.field === "sigma");
    markInvalid(seed, error, next.field === "seed");
    if (next.error || (next.sigma === current.sigma && next.seed === current.seed)) return;
    onChange(next);
  };
  for (const input of [sigma, seed]) {
    input.addEventListener("change", commit);
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") commit();
    });
  }
  return {
    update(noise) {
      current = noise;
      sigma.value = String(noise.sigma);
      seed.value = String(noise.seed);
      status.textContent = describeNoise(noise);
      error.textContent = "";
      markInvalid(sigma, error, false);
      markInvalid(seed, error, false);
    },
  };
}
