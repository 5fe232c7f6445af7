/**
 * What each tool's reader does for the delivery walk (delivery-matrix.test.ts): it reads only the
 * files that tool's export wrote, and says who they tell about one rule's alert at one instant.
 * One file per tool beside this one, each exporting `reader`.
 */
import type { Alerting, Rule } from '../../../../src/lib/rules/model.ts';
import type { ExportedFile, TargetId } from '../../../../src/lib/rules/target.ts';
import type { Told } from '../../../../src/lib/rules/delivery/matrix.ts';

export interface ToldByFiles extends Told {
  /** The chat channel the files post in, where they name one (a webhook's own channel is not named). */
  channel?: string;
}

export interface DeliveryReader {
  target: TargetId;
  /**
   * Who the files tell about an alert of `rule` that fires at `at`, read from the files alone (not
   * from the rule's urgency or working hours, except to find the rule's own parts by id or title).
   * `chat: 'held'` where the files hold the post until working hours start.
   */
  told(files: readonly ExportedFile[], rule: Rule, alerting: Alerting, at: Date): ToldByFiles;
}
