// Every error leaves as application/problem+json (RFC 9457, contract section 4).
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { CommandRejected, type Problem } from '../../../../libs/application/src/command-executor.port.js';
import { problem } from '../../../../libs/application/src/problems.js';

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<{ status(n: number): { type(t: string): { send(b: string): void } } }>();
    const body = this.toProblem(exception);
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  }

  private toProblem(e: unknown): Problem {
    if (e instanceof CommandRejected) return e.problem;
    // The JSON body parser fails with type entity.parse.failed, on the error or its cause.
    const parseFailed = (x: unknown) => (x as { type?: string } | undefined)?.type === 'entity.parse.failed';
    if (e instanceof SyntaxError || parseFailed(e) || (e instanceof HttpException && parseFailed(e.cause))) {
      return problem(400, 'the body is not valid JSON', { slug: 'malformed-json' });
    }
    if (e instanceof HttpException) return problem(e.getStatus(), e.message);
    const status = (e as { status?: number; statusCode?: number })?.status ?? (e as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) return problem(status, (e as Error).message ?? 'bad request');
    this.logger.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return problem(500, 'the service failed to handle the request; it wrote nothing it did not acknowledge');
  }
}
