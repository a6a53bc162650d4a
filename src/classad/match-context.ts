/**
 * A match between two ads, as HTCondor's `MatchClassAd`: `left` plays MY and `right` TARGET
 * when evaluating from the left (the frame is described in `src/eval/match-frame.ts`). Reuse one
 * context for many pairs with {@link MatchContext.setLeft}/{@link MatchContext.setRight}.
 */
import { MutableMatchFrame } from "../eval/match-frame.js";
import type { ClassAd } from "../model/classad.js";
import { newClassAd } from "./classad.js";

export class MatchContext extends MutableMatchFrame {
  constructor(left: ClassAd, right: ClassAd) {
    super(left, right, newClassAd);
  }
}
