/**
 * The HTTP wiring shared by main.ts and the tests (so the tests run the real thing): logger,
 * security headers, the /api prefix, the one validation pipe, the one exception filter, and the
 * OpenAPI document at /api/docs (page) and /api/docs-json.
 */
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NextFunction, Request, Response, static as serveStatic } from 'express';
import { existsSync } from 'fs';
import { join } from 'path';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { BEARER } from './common/auth.decorators';
import { ErrorBody } from './common/errors';
import { AppExceptionFilter } from './common/http-exception.filter';
import { createValidationPipe } from './common/validation';
import { VENDOR_FILES, VENDOR_PREFIX } from './common/vendor-assets';

/** public/ beside src/ (ts-node, tests) or beside dist/ (the build). */
export const PUBLIC_DIR = [join(__dirname, '..', 'public'), join(__dirname, '..', '..', 'public')].find((d) => existsSync(d)) ?? join(__dirname, '..', 'public');

export const API_PREFIX = 'api';
export const DOCS_PATH = `${API_PREFIX}/docs`;
export const DOCS_JSON_PATH = `${API_PREFIX}/docs-json`;

export function configureApp(app: INestApplication): INestApplication {
  app.useLogger(app.get(Logger));
  // No upgrade-insecure-requests: the service is often reached over plain HTTP on an intranet
  // address, where upgrading every script and style request to HTTPS would break the pages.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // The pages (public/: static HTML + plain JS) are served as they are; the API stays under /api
  // and never touches the file system (a file lookup per API call cost ~10% of its time).
  const pages = serveStatic(PUBLIC_DIR);
  app.use((req: Request, res: Response, next: NextFunction) => (req.url.startsWith(`/${API_PREFIX}/`) ? next() : pages(req, res, next)));
  // Browser libraries from node_modules, by an allow-list (src/common/vendor-assets.ts).
  app.use((req: Request, res: Response, next: NextFunction) => {
    const file = req.path.startsWith(VENDOR_PREFIX) ? VENDOR_FILES[req.path.slice(VENDOR_PREFIX.length)] : undefined;
    if (!file) return next();
    res.sendFile(file, { maxAge: '1d' });
  });
  // The certificate verification page sits at the address its QR code carries, outside /api.
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'public/certificates/:number', method: RequestMethod.GET }] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AppExceptionFilter());

  const config = new DocumentBuilder()
    .setTitle('教学技能比赛管理系统 API')
    .setDescription(
      'Teaching-skills contest management. Every endpoint needs `Authorization: Bearer <token>` ' +
        '(POST /api/auth/login) except those marked public. Every error is `{ statusCode, code, message, details? }`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, BEARER)
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] });
  SwaggerModule.setup(DOCS_PATH, app, document, { jsonDocumentUrl: DOCS_JSON_PATH });
  return app;
}
