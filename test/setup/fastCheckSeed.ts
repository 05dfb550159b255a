// Every fast-check property runs from a fixed seed unless it names its own, so a red run is red
// again on the next run and on every machine. fast-check prints the seed (and the shrunk
// counterexample and its path) in the failure message; FC_SEED=<n> tries another seed.
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261202);
fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
