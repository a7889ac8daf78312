import helmet from '@fastify/helmet';
import { INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from './config/environment';
import { validationProblem } from './common/problem/validation';
import { ProblemFilter } from './common/problem/problem.filter';
import { ProblemDetails } from './common/problem/problem-details.response';

export const API_PREFIX = 'api/v1';

/** Everything an app needs beyond its module: shared by main.ts, the tests and the OpenAPI script. */
export async function configureApp(app: NestFastifyApplication): Promise<OpenAPIObject> {
  const config = app.get<ConfigService<AppConfig, true>>(ConfigService);
  const origins = config
    .get('CORS_ORIGINS', { infer: true })
    .split(',')
    .map((o: string) => o.trim())
    .filter(Boolean);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: [`'self'`],
        styleSrc: [`'self'`, `'unsafe-inline'`],
        imgSrc: [`'self'`, 'data:'],
        scriptSrc: [`'self'`, `'unsafe-inline'`],
      },
    },
  });
  app.enableCors({ origin: origins.length ? origins : false, exposedHeaders: ['X-Request-Id', 'Retry-After'] });
  applyRoutePrefix(app);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      stopAtFirstError: false,
      validationError: { target: false, value: false },
      exceptionFactory: validationProblem,
    }),
  );
  app.useGlobalFilters(new ProblemFilter());

  const document = buildOpenApiDocument(app, config.get('PUBLIC_BASE_URL', { infer: true }));
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    raw: ['json'],
    swaggerOptions: { persistAuthorization: true },
  });
  return document;
}

/** `/api/v1` for the API; health checks stay at the root where orchestrators look. */
export function applyRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health/live', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
    ],
  });
}

export function buildOpenApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Clinic practice-management API')
    .setDescription(
      'Clients, couples, therapy sessions, rupture-and-repair records and free connection calls for a ' +
        'couples-therapy clinic in Ontario. Errors are application/problem+json (RFC 9457). ' +
        'Lists are keyset-paginated: pass `nextCursor` back as `cursor`.',
    )
    .setVersion('1.0.0')
    .addServer(serverUrl)
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /auth/login' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'Integration key with scopes' }, 'apiKey')
    .addTag('health', 'Liveness and readiness')
    .addTag('auth', 'Sign-in, token refresh and the signed-in user')
    .addTag('users', 'Staff accounts (admins)')
    .addTag('api-keys', 'Integration keys and their scopes (admins)')
    .addTag('clients', 'People in care: a therapist’s caseload, a client’s own record')
    .addTag('couples', 'Two clients seen together: the joint record')
    .addTag('ruptures', 'Rupture and repair records of a couple: recognition, repair attempts, both partners’ confirmation')
    .addTag('consents', 'The consent ledger of each client')
    .addTag('audit', 'Who accessed personal health information, and the hash chain that proves it')
    .addTag('therapists', 'Bookable therapists and their weekly availability')
    .addTag('connection-calls', 'Free connection calls: public availability and booking, manage links, the staff side')
    .addTag('webhooks', 'Signed HTTP callbacks for connection-call events (admins)')
    .addTag('sessions', 'Therapy sessions: booking, recurrence, status; a therapist is never double-booked')
    .addTag('clinical-notes', 'Versioned clinical notes, readable by the session’s therapist alone')
    .addTag('calendar', 'Secret iCalendar feeds of a therapist’s or client’s sessions');
  return SwaggerModule.createDocument(app, builder.build(), {
    extraModels: [ProblemDetails],
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
