// Placeholder until this endpoint group lands; replaced by its implementation.
import type { Route } from "../router.ts";

/** The routes of this endpoint group. */
export const routes: Route[] = [];
