/**
 * Starts the service: validates the configuration (a bad value stops here, naming it), opens and
 * migrates the database, loads the demo contest into an empty database (DEMO_SEED, by default
 * only on the embedded SQLite default outside production), checks that no account has the demo
 * password (refused in production) and that no secret or database file is readable by others,
 * and prints the URLs and the demo logins.
 */
import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppConfig } from './config/app-config';
import { ConfigError, Environment, loadEnvironment } from './config/environment';
import type { DemoSummary } from './demo/demo.service';

function printBanner(config: AppConfig, demo: DemoSummary | null, notices: string[], { API_PREFIX, DOCS_PATH }: { API_PREFIX: string; DOCS_PATH: string }): void {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host}:${config.port}`;
  const db = config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : `PostgreSQL${config.database.schema ? ` (schema ${config.database.schema})` : ''}`;
  const lines = [
    '',
    '教学技能比赛管理系统 is running',
    `  Login page (登录):        ${base}/login.html`,
    `  School clerk (学校):      ${base}/school.html`,
    `  District officer (区):    ${base}/district.html`,
    `  City office (市):         ${base}/city.html`,
    `  Quotas (名额与推荐):      ${base}/advancement.html`,
    `  Draw ceremony (抽签):     ${base}/draw.html`,
    `  Judge tablet (评委):      ${base}/judge.html`,
    `  Panels, results (评审):   ${base}/panels.html`,
    `  Public notices (公示):    ${base}/public/`,
    `  Awards (获奖与证书):      ${base}/awards.html`,
    `  API:       ${base}/${API_PREFIX}`,
    `  API docs:  ${base}/${DOCS_PATH}`,
    `  Health:    ${base}/${API_PREFIX}/health`,
    `  Database:  ${db}`,
  ];
  if (config.jwtSecretSource === 'generated') lines.push(`  Token secret generated and kept in ${config.env.JWT_SECRET_FILE}`);
  if (notices.length) lines.push('', ...notices);
  if (demo) {
    const pick = (role: string, n: number) => demo.logins.filter((l) => l.role === role).slice(0, n).map((l) => l.username);
    const schools = demo.logins.filter((l) => l.role === 'school_admin');
    lines.push(
      '',
      demo.seededNow
        ? `Demo contest loaded: ${demo.counts?.districts} districts, ${demo.counts?.schools} schools, ${demo.counts?.teachers} teachers.`
        : 'Demo data present (loaded on an earlier start).',
      `Demo logins (password "${demo.password}"${demo.seededNow ? '' : ' unless changed'}):`,
      `  city admin:      ${pick('city_admin', 1).join(', ')}`,
      `  district admins: ${pick('district_admin', 10).join(', ')}`,
      `  school admins:   ${schools.slice(0, 3).map((l) => l.username).join(', ')}${schools.length > 3 ? `, … (${schools.length} in all, school-<school code>)` : ''}`,
      `  judges:          ${pick('judge', 10).join(', ')}`,
    );
    if (demo.openList) {
      lines.push(`School list: ${demo.openList.login} (${demo.openList.school}) fills in and submits its preliminary list at ${base}/school.html (open until ${demo.openList.deadline}).`);
    }
    if (demo.panel) {
      lines.push(
        `Demo panel ${demo.panel.code} (${demo.panel.school}, ${demo.panel.session}): ${demo.panel.contestants} contestants; ` +
          `judges ${demo.panel.judges.join(', ')} (head: ${demo.panel.head}) log in at ${base}/login.html and score on the tablet page.`,
      );
    }
    if (demo.drawReady) {
      lines.push(
        `Draw ceremony: district2 (${demo.drawReady.district}) logs in at ${base}/login.html and opens ${base}/draw.html?allocation=${demo.drawReady.allocationId}: ` +
          `the lists of its ${demo.drawReady.schools} schools are final, the preliminary scored and locked, ${demo.drawReady.recommended} recommended, ${demo.drawReady.drawn} places to draw.`,
      );
    }
    if (demo.awards?.example) {
      lines.push(`Demo past contest ${demo.awards.contestCode}: ${demo.awards.certificates} certificates; try ${base}/public/certificates/${demo.awards.example}`);
      if (demo.awards.draws?.length) {
        lines.push(`  its ${demo.awards.draws.length} published draws are listed at ${base}/public/ (e.g. ${base}/public/draw.html?id=${demo.awards.draws[0]}: 在浏览器中复核 gives MATCH)`);
      }
    }
  }
  process.stdout.write(lines.join('\n') + '\n\n');
}

async function bootstrap(): Promise<void> {
  let env: Environment;
  try {
    env = loadEnvironment(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\nThe service was not started.\n`);
      process.exit(1);
    }
    throw e;
  }
  // The service's modules (Nest, Fastify and its plugins, the features) are loaded only once the
  // configuration is known to be valid, so that a bad value is reported without waiting for them.
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('./app.module');
  const setup = await import('./app.setup');
  const { configureApp, createHttpAdapter } = setup;
  const { AppConfig } = await import('./config/app-config');
  const { DemoService } = await import('./demo/demo.service');
  const { DataSource } = await import('typeorm');
  const { demoPasswordCheck, demoPasswordUsernames } = await import('./auth/demo-passwords');
  const { filePermissionProblems, filePermissionReport } = await import('./config/file-permissions');
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(env), createHttpAdapter(), { bufferLogs: true, abortOnError: false });
  await configureApp(app);
  app.enableShutdownHooks();
  const config = app.get(AppConfig);
  const demo = config.demoSeed ? await app.get(DemoService).seedIfEmpty() : null;
  // Every start that is not the embedded demo says whether a demo password is left; production
  // refuses to start with one. Files others may read are reported.
  const check = demoPasswordCheck(await demoPasswordUsernames(app.get(DataSource)), config);
  const notices = [...filePermissionReport(filePermissionProblems(config)), ...check.lines];
  if (check.refuse) {
    process.stderr.write(`${notices.join('\n')}\nThe service was not started.\n`);
    await app.close();
    process.exit(1);
  }
  await app.listen(config.port, config.host);
  printBanner(config, demo, notices, setup);
}

bootstrap().catch((e: unknown) => {
  const message = e instanceof Error ? (e.stack ?? e.message) : String(e);
  process.stderr.write(`The service could not start: ${message}\n`);
  process.exit(1);
});
