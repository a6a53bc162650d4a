/**
 * HTCondor's `MatchClassAd`: the synthetic ad two ads are evaluated in during a match.
 *
 * ```
 * [ symmetricMatch   = RIGHT.requirements && LEFT.requirements;
 *   leftMatchesRight = RIGHT.requirements;
 *   rightMatchesLeft = LEFT.requirements;
 *   leftRankValue    = LEFT.rank;
 *   rightRankValue   = RIGHT.rank;
 *   lCtx  = [ other = .RIGHT; target = .RIGHT; my = .LEFT;  ad = .LEFT  ];
 *   rCtx  = [ other = .LEFT;  target = .LEFT;  my = .RIGHT; ad = .RIGHT ];
 *   LEFT  = <left ad>     (its parent scope is lCtx)
 *   RIGHT = <right ad>    (its parent scope is rCtx) ]
 * ```
 *
 * `MY.x`, `TARGET.x` and `OTHER.x` resolve through that scope chain; in old semantics an unscoped
 * name missing from one side is looked up in the other. The user's ads are not modified: the
 * parent links of LEFT and RIGHT exist only inside evaluations run in this context.
 */
import type { Expr } from "../ast/nodes.js";
import { NO_POSITION } from "../ast/nodes.js";
import { attrRef, binary, literal } from "../ast/build.js";
import { ClassAd } from "./classad.js";
import type { MatchFrame } from "./evaluator.js";
import { classAdValue } from "./value.js";

function absolute(name: string): Expr {
  return { kind: "attr", name, scope: null, absolute: true, start: NO_POSITION, end: NO_POSITION };
}

function scoped(scope: string, name: string): Expr {
  return attrRef(name, attrRef(scope));
}

// Shared, immutable expressions of every match ad.
const MATCH_ATTRS: ReadonlyArray<readonly [string, Expr]> = [
  ["symmetricMatch", binary("&&", scoped("RIGHT", "requirements"), scoped("LEFT", "requirements"))],
  ["leftMatchesRight", scoped("RIGHT", "requirements")],
  ["rightMatchesLeft", scoped("LEFT", "requirements")],
  ["leftRankValue", scoped("LEFT", "rank")],
  ["rightRankValue", scoped("RIGHT", "rank")],
];
const LEFT_CONTEXT: ReadonlyArray<readonly [string, Expr]> = [
  ["other", absolute("RIGHT")],
  ["target", absolute("RIGHT")],
  ["my", absolute("LEFT")],
  ["ad", absolute("LEFT")],
];
const RIGHT_CONTEXT: ReadonlyArray<readonly [string, Expr]> = [
  ["other", absolute("LEFT")],
  ["target", absolute("LEFT")],
  ["my", absolute("RIGHT")],
  ["ad", absolute("RIGHT")],
];

/**
 * A match between two ads: `left` plays MY and `right` TARGET when evaluating from the left.
 * Reuse one context for many pairs with {@link MatchContext.setLeft}/{@link MatchContext.setRight}.
 */
export class MatchContext implements MatchFrame {
  /** The match ad: root of every lookup made in this context. */
  readonly root: ClassAd;
  readonly leftContext: ClassAd;
  readonly rightContext: ClassAd;
  private leftAd: ClassAd;
  private rightAd: ClassAd;

  constructor(left: ClassAd, right: ClassAd) {
    this.root = new ClassAd(MATCH_ATTRS);
    this.leftContext = new ClassAd(LEFT_CONTEXT);
    this.rightContext = new ClassAd(RIGHT_CONTEXT);
    this.leftContext.parent = this.root;
    this.rightContext.parent = this.root;
    this.root.set("lCtx", literal(classAdValue(this.leftContext)));
    this.root.set("rCtx", literal(classAdValue(this.rightContext)));
    this.leftAd = left;
    this.rightAd = right;
    this.root.set("LEFT", literal(classAdValue(left)));
    this.root.set("RIGHT", literal(classAdValue(right)));
  }

  get left(): ClassAd {
    return this.leftAd;
  }

  get right(): ClassAd {
    return this.rightAd;
  }

  /** Replace the left (MY) ad. */
  setLeft(ad: ClassAd): this {
    this.leftAd = ad;
    this.root.set("LEFT", literal(classAdValue(ad)));
    return this;
  }

  /** Replace the right (TARGET) ad. */
  setRight(ad: ClassAd): this {
    this.rightAd = ad;
    this.root.set("RIGHT", literal(classAdValue(ad)));
    return this;
  }
}
