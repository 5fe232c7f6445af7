/** Sigma describes what to detect and nothing about who hears it. */
import type { TargetDelivery } from './matrix.ts';
import { toldNobody } from './matrix.ts';

export const sigmaDelivery: TargetDelivery = {
  deliver: () =>
    toldNobody(
      'a Sigma rule only describes what to detect, and tells nobody; convert it for your tool and set up its alerting there, or use one of the other files, which post and page',
    ),
};
