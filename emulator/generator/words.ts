// A small vocabulary for readable generated titles and prose.
import type { Random } from "./random.ts";

const NOUNS =
  "roadmap release incident budget design review sprint customer launch migration runbook meeting backlog onboarding pipeline dashboard contract hiring retro policy deploy survey feature metric partner invoice workshop prototype audit handbook".split(
    " ",
  );
const ADJECTIVES =
  "quarterly weekly draft final shared internal urgent archived new legacy mobile public team annual open core early stable critical minor".split(
    " ",
  );
const VERBS =
  "reviews ships tracks explains lists covers updates plans measures describes compares collects summarises links answers".split(
    " ",
  );
const FIRST = "Ada Grace Linus Margaret Alan Barbara Ken Radia Dennis Frances Tim Hedy".split(" ");
const LAST = "Lovelace Hopper Torvalds Hamilton Turing Liskov Thompson Perlman Ritchie Allen".split(" ");
const EMOJI = "📘 🚀 🧭 📝 🛠️ 📊 💡 ✅ 🗂️ 🔒 🎯 📦".split(" ");

/** A title-cased heading such as "Quarterly roadmap 12". */
export function title(rng: Random): string {
  const adj = rng.pick(ADJECTIVES);
  return `${adj[0]!.toUpperCase()}${adj.slice(1)} ${rng.pick(NOUNS)} ${rng.range(1, 99)}`;
}

/** A short sentence of plain words ending with a full stop. */
export function sentence(rng: Random): string {
  const adj = rng.pick(ADJECTIVES);
  const words = [
    `${adj[0]!.toUpperCase()}${adj.slice(1)}`,
    rng.pick(NOUNS),
    rng.pick(VERBS),
    "the",
    rng.pick(ADJECTIVES),
  ];
  words.push(rng.pick(NOUNS));
  if (rng.chance(0.5)) words.push("for", "the", rng.pick(NOUNS));
  return `${words.join(" ")}.`;
}

/** A single lowercase noun. */
export function noun(rng: Random): string {
  return rng.pick(NOUNS);
}

/** A person's full name. */
export function personName(rng: Random): string {
  return `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
}

/** One emoji used for icons and callouts. */
export function emoji(rng: Random): string {
  return rng.pick(EMOJI);
}
