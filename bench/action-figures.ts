// The action bench's figures (bench/action.bench.ts) and the lines `npm run bench` and `npm run bench:action` print.

/** Where one run's time goes, from the simulator's request log (medians over the runs). */
export interface ActionBreakdown {
  /** Process start → the first request reaches GitHub: Node's start-up, loading the bundle, reading inputs. */
  startMs: number;
  /** First request → the last answer: the round trips and the work between them (paced writes included). */
  requestsMs: number;
  /** The last answer → the process has exited: outputs, the job summary, exit. */
  endMs: number;
  /** Requests per run, and of them the writes. */
  requests: number;
  writes: number;
  /** Most requests one after another (each started after the one before answered). */
  sequential: number;
}

export interface ActionFigures {
  runs: number;
  /** The headline: each run with an empty compile cache, as on a GitHub-hosted runner's fresh machine. */
  actionMedianMs: number;
  nodeMedianMs: number;
  ratio: number;
  /** Each run with the compile cache the runs before it left (a self-hosted runner's tool cache). */
  warmMedianMs: number;
  warmRatio: number;
  /** The cold runs'. */
  breakdown: ActionBreakdown;
  /**
   * With `cpu`: medians of the CPU time (user + system, all the process's threads) each side used up to its
   * `exit` event (Node's teardown after it is not counted, on either side), and their ratio.
   */
  cpu?: { actionMs: number; nodeMs: number; ratio: number };
  /**
   * With `against`: the other build's cold runs, each run next to one of this build's (the order alternating run
   * by run), and the differences pair by pair (this build minus the other: negative is faster), their medians.
   */
  against?: {
    entry: string;
    actionMedianMs: number;
    cpuMedianMs: number;
    pairedWallDiffMs: number;
    pairedCpuDiffMs: number;
    /** Pairs in which this build used less CPU than the other, of `runs`. */
    cpuLower: number;
  };
}

/** One line per figure: what `npm run bench` prints, and `npm run bench:action` alone. */
export const describeActionFigures = (figures: ActionFigures): string => {
  const { breakdown: part } = figures;
  return [
    `Action (command: gate, approved change) start to decision: median of ${figures.runs} runs ${figures.actionMedianMs.toFixed(0)} ms with an empty compile cache (a GitHub-hosted runner); bare \`node -e ''\` ${figures.nodeMedianMs.toFixed(0)} ms; ratio ${figures.ratio.toFixed(1)}`,
    `  with the compile cache of the runs before (a self-hosted runner's tool cache): ${figures.warmMedianMs.toFixed(0)} ms, ratio ${figures.warmRatio.toFixed(1)}`,
    `  empty cache: start → first request ${part.startMs.toFixed(0)} ms (Node, loading the bundle, inputs); first request → last answer ${part.requestsMs.toFixed(0)} ms (${part.requests} requests, ${part.writes} writes, ${part.sequential} one after another); last answer → exit ${part.endMs.toFixed(0)} ms`,
    ...(figures.cpu
      ? [
          `  CPU time to the exit event (user + system, medians, empty cache): action ${figures.cpu.actionMs.toFixed(1)} ms, bare \`node -e ''\` ${figures.cpu.nodeMs.toFixed(1)} ms; ratio ${figures.cpu.ratio.toFixed(2)}`,
        ]
      : []),
    ...(figures.against
      ? [
          `  against ${figures.against.entry} (empty cache, a run beside each): median ${figures.against.actionMedianMs.toFixed(0)} ms, CPU ${figures.against.cpuMedianMs.toFixed(1)} ms; this build minus it, pair by pair (medians): wall ${figures.against.pairedWallDiffMs.toFixed(1)} ms, CPU ${figures.against.pairedCpuDiffMs.toFixed(1)} ms (less CPU in ${figures.against.cpuLower} of ${figures.runs} pairs)`,
        ]
      : []),
  ].join('\n');
};
