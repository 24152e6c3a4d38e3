// The verify run each mutant faces: fixed seed, few runs per property (a mutant is a fault
// nobody picked; the question is whether the checks see it, not whether many runs stumble on it).
// ROOMKIT_MUTATION_RUNS and ROOMKIT_MUTATION_SEED override them for experiments.
export const VERIFY_SETTINGS = {
  seed: Number(process.env.ROOMKIT_MUTATION_SEED ?? 20261207),
  runs: Number(process.env.ROOMKIT_MUTATION_RUNS ?? 5),
} as const;
