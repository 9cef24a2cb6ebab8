// People of a generated workspace, as full user objects (the integration's bot is added by Workspace).
import type { NotionObject } from "../workspace.ts";
import type { Random } from "./random.ts";
import { personName } from "./words.ts";

/** A person user object in Notion's shape. */
export function person(id: string, name: string, email: string, avatar: string | null = null): NotionObject {
  return {
    object: "user",
    id,
    name,
    avatar_url: avatar,
    type: "person",
    person: { email, email_verified: true },
  };
}

/** `count` people with distinct names and emails. */
export function generatePeople(rng: Random, count: number): NotionObject[] {
  const seen = new Map<string, number>();
  const people: NotionObject[] = [];
  for (let i = 0; i < count; i++) {
    let name = personName(rng);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} ${n}`;
    const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@example.com`;
    const avatar = rng.chance(0.5) ? `https://avatars.example.com/${rng.hex(12)}.png` : null;
    people.push(person(rng.uuid(), name, email, avatar));
  }
  return people;
}

/** A deep copy of a user object, so no two stored objects share one mutable user. */
export function copyUser(user: NotionObject): NotionObject {
  return {
    ...user,
    ...(user.person ? { person: { ...user.person } } : {}),
    ...(user.bot ? { bot: { ...user.bot } } : {}),
  };
}
