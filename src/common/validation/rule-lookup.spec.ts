import { getMetadataStorage, IsInt, IsOptional, IsString, MetadataStorage, MinLength, registerDecorator, validate } from 'class-validator';
import { ListTherapySessionsQuery } from '../../therapy-sessions/dto/list-therapy-sessions.query';
import { CreateClientDto } from '../../clients/dto/create-client.dto';
import { rememberRuleLookups } from './rule-lookup';

/** The library's own lookup on the same storage, never remembered. */
const libraryLookUp = (constructor: Function, always = false, groups?: string[]) =>
  MetadataStorage.prototype.getTargetValidationMetadatas.call(getMetadataStorage(), constructor, '', always, false, groups);

describe('rememberRuleLookups', () => {
  beforeAll(() => rememberRuleLookups());

  it('answers what class-validator answers, for a class and for one that inherits rules, whatever the options', () => {
    const storage = getMetadataStorage();
    for (const constructor of [ListTherapySessionsQuery, CreateClientDto]) {
      for (const [always, groups] of [[false, undefined], [true, undefined], [false, ['admin']]] as const) {
        const remembered = storage.getTargetValidationMetadatas(constructor, '', always, false, groups as string[] | undefined);
        expect(remembered).toEqual(libraryLookUp(constructor, always, groups as string[] | undefined));
        // Asked again: the same list, not a new one.
        expect(storage.getTargetValidationMetadatas(constructor, '', always, false, groups as string[] | undefined)).toBe(remembered);
      }
    }
    // The page size is the parent's (PageQuery) rule.
    expect(libraryLookUp(ListTherapySessionsQuery).some((rule) => rule.propertyName === 'limit')).toBe(true);
  });

  it('forgets what it remembered when a rule is added, so a class defined later and a rule added later count', async () => {
    class Parent {
      @IsString()
      name!: string;
    }
    const before = getMetadataStorage().getTargetValidationMetadatas(Parent, '', false, false);
    expect(before.map((r) => r.propertyName)).toEqual(['name']);

    class Child extends Parent {
      @IsOptional()
      @IsInt()
      age?: number;
    }
    // A rule added to the parent after it was looked up.
    registerDecorator({ target: Parent, propertyName: 'name', validator: { validate: (value: unknown) => value !== 'nobody' } });
    MinLength(2)(Parent.prototype, 'name');

    expect(getMetadataStorage().getTargetValidationMetadatas(Parent, '', false, false)).toEqual(libraryLookUp(Parent));
    expect(getMetadataStorage().getTargetValidationMetadatas(Child, '', false, false)).toEqual(libraryLookUp(Child));
    const failed = async (object: object) => (await validate(object)).flatMap((e) => Object.keys(e.constraints ?? {}));
    expect(await failed(Object.assign(new Child(), { name: 'nobody', age: 3 }))).toEqual(['customValidation']);
    expect(await failed(Object.assign(new Child(), { name: 'x', age: 'three' }))).toEqual(['isInt', 'minLength']); // the class's own rules first, as class-validator orders them
    expect(await failed(Object.assign(new Child(), { name: 'Sam', age: 3 }))).toEqual([]);
  });

  it('hands out lists that cannot be changed, so no caller can change another’s', () => {
    const rules = getMetadataStorage().getTargetValidationMetadatas(ListTherapySessionsQuery, '', false, false);
    expect(() => (rules as unknown[]).push({})).toThrow(TypeError);
    const grouped = getMetadataStorage().groupByPropertyName(rules);
    expect(getMetadataStorage().groupByPropertyName(rules)).toBe(grouped);
    expect(() => grouped.limit.push(rules[0])).toThrow(TypeError);
  });
});
