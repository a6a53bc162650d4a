/**
 * For the project's own scripts that run the TypeScript sources as ES modules (tsx): the library
 * loads re2js on the first pattern compiled through a synchronous `require`, which the bundles
 * and vitest have and an ES module does not; importing this file first hands the module in.
 */
import * as re2js from "re2js";
import { provideRe2js } from "../src/functions/regexp.js";

provideRe2js(re2js);
