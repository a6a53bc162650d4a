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
 * parent links of LEFT and RIGHT exist only inside evaluations run in this frame.
 */
import { attrRef, binary, literal } from "../ast/build.js";
import type { ClassAd } from "../model/classad.js";
import type { MatchFrame } from "../model/evaluation.js";
import { NO_POSITION, type Expr } from "../model/nodes.js";
import { classAdValue } from "../model/value.js";

/** The names a match frame defines; everything that must recognise them derives from these lists. */
export const MATCH_AD_NAMES = ["symmetricMatch", "leftMatchesRight", "rightMatchesLeft", "leftRankValue", "rightRankValue", "lCtx", "rCtx", "LEFT", "RIGHT"] as const;
/** The names each context ad (`lCtx`, `rCtx`) defines. */
export const MATCH_CONTEXT_NAMES = ["other", "target", "my", "ad"] as const;

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

/** `[other, target, my, ad]` of a context ad: the other side twice, this side twice. */
function contextAttrs(self: string, other: string): ReadonlyArray<readonly [string, Expr]> {
  return [
    ["other", absolute(other)],
    ["target", absolute(other)],
    ["my", absolute(self)],
    ["ad", absolute(self)],
  ];
}
const LEFT_CONTEXT = contextAttrs("LEFT", "RIGHT");
const RIGHT_CONTEXT = contextAttrs("RIGHT", "LEFT");

/** Makes the frame's own ads (of the caller's ad class). */
export type NewAd = (attrs?: Iterable<readonly [string, Expr]>) => ClassAd;

/** A match frame whose two ads can be replaced (one frame serves many pairs). */
export class MutableMatchFrame implements MatchFrame {
  readonly root: ClassAd;
  readonly leftContext: ClassAd;
  readonly rightContext: ClassAd;
  private leftAd: ClassAd;
  private rightAd: ClassAd;

  constructor(left: ClassAd, right: ClassAd, newAd: NewAd) {
    this.root = newAd(MATCH_ATTRS);
    this.leftContext = newAd(LEFT_CONTEXT);
    this.rightContext = newAd(RIGHT_CONTEXT);
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
    if (ad === this.leftAd) return this;
    this.leftAd = ad;
    this.root.set("LEFT", literal(classAdValue(ad)));
    return this;
  }

  /** Replace the right (TARGET) ad. */
  setRight(ad: ClassAd): this {
    if (ad === this.rightAd) return this;
    this.rightAd = ad;
    this.root.set("RIGHT", literal(classAdValue(ad)));
    return this;
  }
}
