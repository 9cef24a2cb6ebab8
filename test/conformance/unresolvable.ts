// The reason a recorded request cannot be replayed: it names something the seed cannot build.

/** Raised while rewriting a request; the interaction is skipped with its message as the reason. */
export class Unresolvable extends Error {}
