/** Sigma describes what to detect and nothing about who hears it. */
import type { TargetDelivery } from './matrix.ts';
import { toldNobody } from './matrix.ts';

/** Why a Sigma file tells nobody, and what to do instead; the Sigma README says it too. */
export const sigmaGap =
  'a Sigma rule says what to detect and tells nobody; set up alerting where you convert it, or use another file, which posts and pages';

export const sigmaDelivery: TargetDelivery = {
  deliver: () => toldNobody(sigmaGap),
};
