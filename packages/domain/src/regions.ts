// Names of the administrative divisions (行政区划) fenji's sample and first users have, by code
// (GB/T 2260). People read a name beside a code in exports and reports; an unknown code has none.
// A regulator elsewhere adds its districts here: data, not logic.
export const REGION_NAMES: Readonly<Record<string, string>> = {
  '330000': '浙江省',
  '330100': '杭州市',
  '330102': '上城区',
  '330300': '温州市',
  '330302': '鹿城区',
  '330303': '龙湾区',
  '330304': '瓯海区',
  '330305': '洞头区',
  '330324': '永嘉县',
  '330326': '平阳县',
  '330327': '苍南县',
  '330328': '文成县',
  '330329': '泰顺县',
  '330381': '瑞安市',
  '330382': '乐清市',
  '330383': '龙港市',
};

/** The division's name, or '' when fenji does not know the code. */
export function regionName(code: string, names: Readonly<Record<string, string>> = REGION_NAMES): string {
  // hasOwn: a code from data such as `constructor` must not pick up an Object.prototype member.
  return Object.hasOwn(names, code) ? (names[code] as string) : '';
}

/** A code's level by its zeros (GB/T 2260): 330000 a province, 330300 a city, 330302 a district. */
export type RegionLevel = 'province' | 'city' | 'district';

export function regionLevel(code: string): RegionLevel {
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'district';
}

/** Does `scope` (a token's region, or one asked for) cover the region `code`? A province its first two digits, a city four. */
export function covers(scope: string, code: string): boolean {
  const level = regionLevel(scope);
  if (level === 'province') return code.slice(0, 2) === scope.slice(0, 2);
  if (level === 'city') return code.slice(0, 4) === scope.slice(0, 4);
  return code === scope;
}
