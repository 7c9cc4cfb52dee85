/**
 * The demo contest's data, generated deterministically (seedrandom with a fixed seed; never
 * Math.random): the same data on every machine and every start.
 *
 * A city (宿迁市, area 3213) with three districts/counties using their real area codes, 33 schools
 * (a district-seat school, central and village primary schools, township middle schools and a
 * nine-year school in each), 20 teachers per school (660) with valid generated ID numbers, born
 * 1962–2000 so that every group and the near-retirement ages occur, a few transferred to the
 * district seat or with a recent county first prize. Town and school names are invented.
 */
import seedrandom = require('seedrandom');
import { makeIdNumber } from '../domain/id-number';
import { defaultPreset, SchoolStage, Stage } from '../domain/preset';
import type { PriorAward } from '../registry/teacher.entity';

export const DEMO_SEED_TEXT = 'teaching-contest-demo/1';
export const DEMO_PASSWORD = 'contest-demo';
export const TEACHERS_PER_SCHOOL = 20;

export interface DemoSchool {
  code: string;
  name: string;
  districtCode: string;
  stage: SchoolStage;
  isCentral: boolean;
  inDistrictSeat: boolean;
}

export interface DemoTeacher {
  name: string;
  idNumber: string;
  subject: string;
  schoolCode: string;
  stage?: Stage;
  transferredToSeat: boolean;
  priorAwards: PriorAward[];
}

export interface DemoData {
  city: { code: string; name: string };
  districts: { code: string; name: string; towns: string[] }[];
  schools: DemoSchool[];
  teachers: DemoTeacher[];
}

const DISTRICTS = [
  { code: '321302', name: '宿城区', towns: ['东湖镇', '西岗镇', '南桥镇'] },
  { code: '321311', name: '宿豫区', towns: ['青山镇', '白马镇', '柳河镇'] },
  { code: '321322', name: '沭阳县', towns: ['新河镇', '桃源镇', '长庄镇'] },
];

/** Birth places: mostly the district's own area, some elsewhere in Jiangsu (real area codes). */
const OTHER_AREAS = ['320102', '320311', '320803', '321102', '320282'];

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红梅鹏辉建国志宏海燕晨雪婷颖琳慧晓东宇浩然欣怡子涵思远文博嘉怡雨泽';

/** Subjects by how often a school has a teacher of them (weights). */
const SUBJECT_WEIGHTS: Record<string, number> = {
  chinese: 6,
  math: 6,
  english: 3,
  science: 2,
  physics: 2,
  chemistry: 1,
  history: 1,
  geography: 1,
  music: 1,
  art: 1,
  pe: 1,
  it: 1,
  social: 1,
};

export function demoData(contestYear: number): DemoData {
  const rng = seedrandom(DEMO_SEED_TEXT);
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng() * items.length)];
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  const subjects = defaultPreset().subjects;

  const schools: DemoSchool[] = [];
  for (const d of DISTRICTS) {
    let n = 0;
    const add = (name: string, stage: SchoolStage, isCentral: boolean, inDistrictSeat: boolean) =>
      schools.push({ code: `S${d.code}${pad(++n, 2)}`, name, districtCode: d.code, stage, isCentral, inDistrictSeat });
    add(`${d.name}实验小学`, 'primary', false, true);
    d.towns.forEach((town, i) => {
      add(`${town}中心小学`, 'primary', true, false);
      add(`${town}${['红星', '光明', '新华'][i]}小学`, 'primary', false, false);
      add(`${town}初级中学`, 'junior', true, false);
    });
    add(`${d.towns[0]}九年一贯制学校`, 'nine-year', false, false);
  }

  const usedIds = new Set<string>();
  const teachers: DemoTeacher[] = [];
  for (const school of schools) {
    for (let i = 0; i < TEACHERS_PER_SCHOOL; i++) {
      const stage: Stage = school.stage === 'nine-year' ? (i % 2 ? 'junior' : 'primary') : (school.stage as Stage);
      const offered = subjects.filter((s) => s.stages.includes(stage));
      const total = offered.reduce((sum, s) => sum + SUBJECT_WEIGHTS[s.code], 0);
      let r = rng() * total;
      const subject = offered.find((s) => (r -= SUBJECT_WEIGHTS[s.code]) < 0)?.code ?? offered[0].code;

      const male = rng() < 0.4;
      // Birth years spread 1962–2000; the first two of every school are near retirement.
      const year = i < 2 ? int(1962, 1966) : int(1962, 2000);
      const birth = `${year}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}`;
      const area = rng() < 0.8 ? school.districtCode : pick(OTHER_AREAS);
      let id: string;
      do {
        // The sequence code's last digit is odd for men, even for women.
        const seq = int(0, 49) * 2 + (male ? 1 : 0);
        id = makeIdNumber(area, birth, pad(int(0, 9), 1) + pad(seq, 2));
      } while (usedIds.has(id));
      usedIds.add(id);

      const given = pick([...GIVEN]) + (rng() < 0.6 ? pick([...GIVEN]) : '');
      const priorAwards: PriorAward[] = [];
      const roll = rng();
      if (roll < 0.03) priorAwards.push({ year: contestYear - int(0, 3), level: 'county', prize: 'first' });
      else if (roll < 0.06) priorAwards.push({ year: contestYear - int(6, 10), level: 'city', prize: 'first' });
      else if (roll < 0.12) priorAwards.push({ year: contestYear - int(0, 4), level: 'county', prize: pick(['second', 'third'] as const) });
      teachers.push({
        name: pick([...SURNAMES]) + given,
        idNumber: id,
        subject,
        schoolCode: school.code,
        ...(school.stage === 'nine-year' && { stage }),
        transferredToSeat: !school.inDistrictSeat && rng() < 0.015,
        priorAwards,
      });
    }
  }

  return { city: { code: '3213', name: '宿迁市' }, districts: DISTRICTS, schools, teachers };
}
