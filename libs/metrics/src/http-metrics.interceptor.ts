import { CallHandler, ExecutionContext, HttpException, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { Observable, tap } from 'rxjs';

interface HttpRequestLike {
  method: string;
  route?: { path?: string };
}
interface HttpResponseLike {
  statusCode: number;
}

/** Labels by route pattern, not by URL, so that ids in paths cannot explode the series count. */
@Injectable()
export class HttpMetricsInterceptor implements NestInterceptor {
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(Registry) registry: Registry) {
    this.duration = new Histogram({
      name: 'pulse_http_request_duration_seconds',
      help: 'HTTP request handling time by method, route and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const request = http.getRequest<HttpRequestLike>();
    const stop = this.duration.startTimer({ method: request.method });
    const route = request.route?.path ?? 'unknown';
    return next.handle().pipe(
      tap({
        complete: () => stop({ route, status: String(http.getResponse<HttpResponseLike>().statusCode) }),
        // The exception filter sets the response status after this runs: take it from the error.
        error: (error: unknown) =>
          stop({ route, status: String(error instanceof HttpException ? error.getStatus() : 500) }),
      }),
    );
  }
}
