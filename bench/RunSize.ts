/** How big a run of GETs is and what the API's round trip is; each section has its own defaults. */
export interface RunSize {
  requests?: number;
  perRound?: number;
  /** Unmeasured requests per variant first. */
  warmup?: number;
  /** The round trip the emulator adds to each API answer for this run; 0 is loopback. */
  roundTripMs?: number;
}

/** The title's note of a run's round trip, empty on loopback. */
export function roundTripLabel(roundTripMs: number): string {
  return roundTripMs ? ` with a ${roundTripMs} ms API round trip` : '';
}
