import type { HarnessWindow, PageSigner } from './pageHarness.ts';
import type { Section } from './Section.ts';
import type { Rig } from './startRig.ts';
import { interleave, median, medianRatio } from './stats.ts';

/** Signatures per signer per round, and rounds. */
const PER_ROUND = 200;
const ROUNDS = 12;
const SIGNERS: PageSigner[] = ['aws4fetch', 'smithy', 'cryptoJs'];

/** Signing cost per request inside Chromium's page (no network), the signers interleaved. */
export async function pageSigning(rig: Rig, deadline: number): Promise<Section> {
  const batch = (signer: PageSigner, count: number) =>
    rig.inPage.evaluate(([s, n]) => (window as unknown as HarnessWindow).bench.signOnly(s, n), [
      signer,
      count,
    ] as const);
  await interleave(SIGNERS, 2, (signer) => batch(signer, PER_ROUND));
  const rounds = await interleave(SIGNERS, ROUNDS, (signer) => batch(signer, PER_ROUND), {
    deadline,
  });
  return {
    table: {
      title: `Signing in the page (Chromium), GET, no network (${rounds.aws4fetch.length} rounds × ${PER_ROUND})`,
      columns: ['signer', 'n', 'µs/signature', '÷aws4fetch'],
      rows: SIGNERS.map((s) => [
        s,
        rounds[s].length * PER_ROUND,
        median(rounds[s]),
        medianRatio(rounds[s], rounds.aws4fetch),
      ]),
      notes: [
        'performance.now() in a page without cross-origin isolation is coarsened to 100 µs; batches hide that.',
      ],
    },
    data: { microsecondsPerSignatureByRound: rounds },
  };
}
