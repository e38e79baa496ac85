// Collects the changes found while comparing one connector or flow; every comparer writes through one.
import type { Origin } from '../model/model.js';
import type { Change, Element, Impact, Level, Place } from './change.js';

export interface ChangeDetails {
  before?: string;
  after?: string;
  at?: Origin | Place;
  impact?: Impact;
}

export class ChangeRecorder {
  constructor(
    private readonly into: Change[],
    private readonly owner: { connector?: string; element?: Element; flow?: string },
  ) {}

  /** A recorder for one card, helper or system flow of the same connector, writing to the same list. */
  forElement(element: Element): ChangeRecorder {
    return new ChangeRecorder(this.into, { ...this.owner, element });
  }

  add(level: Level, kind: string, message: string, details: ChangeDetails = {}): void {
    const change: Change = {
      level,
      kind,
      ...(this.owner.connector !== undefined && { connector: this.owner.connector }),
      ...(this.owner.element !== undefined && { element: this.owner.element }),
      ...(this.owner.flow !== undefined && { flow: this.owner.flow }),
      message,
      ...(details.before !== undefined && { before: details.before }),
      ...(details.after !== undefined && { after: details.after }),
      ...(details.at !== undefined && { at: { file: details.at.file, line: details.at.line, column: details.at.column } }),
      ...(details.impact !== undefined && { impact: details.impact }),
      affects: [],
    };
    this.into.push(change);
  }
}
