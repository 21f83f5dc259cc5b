/**
 * The objects of one event by id: a Map that, while it holds a few, compares ids instead of hashing
 * them. V8 reads every character of a string to hash it the first time the string is a Map key, and
 * each event brings its own id strings, a dozen of a hundred characters in a Blackboard event, of
 * which the core asks for two or three: hashing them was a fifth of the Caliper rules' cost
 * (measured). Comparing one id with another stops at a different length or the first different
 * character. Up to SMALL ids they are kept in two arrays; past that, and for anything asked of the
 * Map but get, has and set, they move into the Map itself, in the same order, and it answers alone.
 */
import type { JsonObject } from "../core/json.js";

/** Ids compared one by one at most: a lookup among this many costs less than hashing one id. */
const SMALL = 16;

export class EntityIndex extends Map<string, JsonObject> {
  /** The ids and their objects while few, in insertion order; undefined once they are in the Map. */
  private ids: string[] | undefined = [];
  private objects: JsonObject[] = [];

  constructor() {
    super();
  }

  override get(id: string): JsonObject | undefined {
    const ids = this.ids;
    if (ids === undefined) return super.get(id);
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) return this.objects[i];
    return undefined;
  }

  override has(id: string): boolean {
    const ids = this.ids;
    if (ids === undefined) return super.has(id);
    for (let i = 0; i < ids.length; i++) if (ids[i] === id) return true;
    return false;
  }

  override set(id: string, object: JsonObject): this {
    const ids = this.ids;
    if (ids === undefined) return super.set(id, object);
    for (let i = 0; i < ids.length; i++)
      if (ids[i] === id) {
        this.objects[i] = object;
        return this;
      }
    if (ids.length === SMALL) {
      this.spill();
      return super.set(id, object);
    }
    ids.push(id);
    this.objects.push(object);
    return this;
  }

  /** Sets an id the index does not hold, as get has just said: without searching for it again. */
  add(id: string, object: JsonObject): void {
    const ids = this.ids;
    if (ids === undefined || ids.length === SMALL) {
      this.spill();
      super.set(id, object);
      return;
    }
    ids.push(id);
    this.objects.push(object);
  }

  override delete(id: string): boolean {
    this.spill();
    return super.delete(id);
  }

  override clear(): void {
    this.spill();
    super.clear();
  }

  override forEach(
    callback: (value: JsonObject, key: string, map: Map<string, JsonObject>) => void,
    thisArg?: unknown,
  ): void {
    this.spill();
    super.forEach(callback, thisArg);
  }

  override keys(): MapIterator<string> {
    this.spill();
    return super.keys();
  }

  override values(): MapIterator<JsonObject> {
    this.spill();
    return super.values();
  }

  override entries(): MapIterator<[string, JsonObject]> {
    this.spill();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, JsonObject]> {
    this.spill();
    return super[Symbol.iterator]();
  }

  /** Moves the ids into the Map, in their order: from then on it answers alone. */
  spill(): void {
    const ids = this.ids;
    if (ids === undefined) return;
    this.ids = undefined;
    for (let i = 0; i < ids.length; i++) super.set(ids[i]!, this.objects[i]!);
    this.objects = [];
  }
}

// Map's size is an accessor TypeScript declares as a property, which a class may not override
// with an accessor: defined here, it counts the ids from the Map they move into.
Object.defineProperty(EntityIndex.prototype, "size", {
  get(this: EntityIndex): number {
    this.spill();
    return Reflect.get(Map.prototype, "size", this) as number;
  },
});
