// The scan gate's input: the lowest severity that stops a deploy, or `none`. Pure.
import { Input, InputDefault } from '../shared/constants.js';
import { SCAN_THRESHOLDS, type ScanThreshold } from '../scan/severity.js';
import { InputError, type ReadInput } from './field-readers.js';

/** undefined for `none`: the step then makes no scan call at all. Case does not matter (`high` is HIGH). */
export function readScanThreshold(read: ReadInput): ScanThreshold | undefined {
  const given = read(Input.scanSeverityThreshold);
  const value = (given || InputDefault[Input.scanSeverityThreshold]).toUpperCase();
  if (value === 'NONE') return undefined;
  const threshold = SCAN_THRESHOLDS.find((candidate) => candidate === value);
  if (threshold === undefined) {
    throw new InputError(
      Input.scanSeverityThreshold,
      given,
      '`none`, `CRITICAL`, `HIGH`, `MEDIUM` or `LOW` (the lowest severity that stops the deploy)',
    );
  }
  return threshold;
}
