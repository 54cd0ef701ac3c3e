// A model's minibatches, the pure part: the state's `minibatch` field ({size, seed}; size null
// is the full batch, exact gradients), read from text and turned into the `run` request's
// `minibatch` argument. Only a model on a data set (a catalog function with `model`) has
// minibatches; its `model.examples` is the full batch.

export const SEED_MAX = 2 ** 32 - 1;

// The model of the state's function (its catalog entry's `model`), or null.
export function modelOf(state, catalog) {
  return catalog.functionsById.get(state.fn)?.model ?? null;
}

// {size, seed} from "size,seed" ("full" for the full batch); `examples`: the model's full batch
// (null: not known, so any size from 1 is read). Throws an Error in plain words.
export function readMinibatch(text, examples = null) {
  const [sizeText = "", seedText = "0"] = text.split(",", 3);
  const size = sizeText === "full" ? null : Number(sizeText);
  const seed = Number(seedText);
  if (size !== null && !(Number.isInteger(size) && size >= 1 && (examples === null || size <= examples))) {
    throw new Error(`a minibatch size is a whole number from 1 to ${examples ?? "the number of examples"}, or full, not ${sizeText.slice(0, 20)}`);
  }
  if (!(Number.isInteger(seed) && seed >= 0 && seed <= SEED_MAX)) {
    throw new Error(`a seed is a whole number from 0 to ${SEED_MAX}, not ${seedText.slice(0, 20)}`);
  }
  // the whole data set in one batch is the full batch
  return {size: size !== null && size === examples ? null : size, seed};
}

// Whether the state's runs take minibatch gradients: a model and a size below its full batch.
export function usesMinibatches(state, catalog) {
  const model = modelOf(state, catalog);
  const size = state.minibatch?.size ?? null;
  return Boolean(model) && size !== null && size < model.examples;
}

// The `run` request's `minibatch` ({size, seed}), or null for exact gradients.
export function minibatchArgs(state, catalog) {
  return usesMinibatches(state, catalog) ? {size: state.minibatch.size, seed: state.minibatch.seed} : null;
}

// What the gradients are, in words, for the panel and the table's caption.
export function describeMinibatch(state, catalog) {
  const model = modelOf(state, catalog);
  if (!model) return "";
  if (!usesMinibatches(state, catalog)) return `full-batch gradients (all ${model.examples} examples: no noise)`;
  const {size, seed} = state.minibatch;
  const perEpoch = Math.ceil(model.examples / size);
  return `minibatch gradients (${size} of ${model.examples} examples, ${perEpoch} batches an epoch, seed ${seed})`;
}
