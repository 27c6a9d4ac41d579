import { identifier, integerLiteral, stringList, stringLiteral } from './sql-literals';

describe('sql literals', () => {
  it('escapes quotes, backslashes and NULs', () => {
    expect(stringLiteral("it's")).toBe("'it\\'s'");
    expect(stringLiteral('a\\b')).toBe("'a\\\\b'");
    expect(stringLiteral("x' OR 1=1 --")).toBe("'x\\' OR 1=1 --'");
    expect(stringLiteral('a\0b')).toBe("'a\\0b'");
  });

  it('accepts only plain identifiers', () => {
    expect(identifier('switchyard_test_1')).toBe('switchyard_test_1');
    expect(() => identifier('x; DROP TABLE y')).toThrow('not a safe SQL identifier');
    expect(() => identifier('1abc')).toThrow();
  });

  it('accepts only safe integers', () => {
    expect(integerLiteral(42)).toBe('42');
    expect(integerLiteral(10n ** 20n)).toBe('100000000000000000000');
    expect(() => integerLiteral(1.5)).toThrow();
    expect(() => integerLiteral(Number.NaN)).toThrow();
  });

  it('builds IN lists', () => {
    expect(stringList(['a', "b'"])).toBe("('a', 'b\\'')");
  });
});
