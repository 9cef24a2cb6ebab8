// Path ids: Notion rejects an id that is not a UUID with a 400 naming the path parameter.
import { validationError } from "../errors.ts";
import type { RequestContext } from "../router.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws 400 worded for `path.<name>` as Notion words it unless `id` is a (dashed) UUID. */
export function checkPathId(id: string, name: string): void {
  if (!UUID.test(id)) {
    throw validationError(
      `path failed validation: path.${name} should be a valid uuid, instead was \`${JSON.stringify(id)}\`.`,
    );
  }
}

/** The (already dashed) id in `ctx.params.id`, checked as `checkPathId` does. */
export function pathId(ctx: Pick<RequestContext, "params">, name: string): string {
  const id = ctx.params.id ?? "";
  checkPathId(id, name);
  return id;
}
