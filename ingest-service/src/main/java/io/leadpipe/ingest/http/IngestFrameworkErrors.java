package io.leadpipe.ingest.http;

import io.leadpipe.ingest.problem.IngestProblem;
import io.leadpipe.service.problem.FrameworkErrors;
import io.leadpipe.service.problem.Problem;
import io.leadpipe.service.problem.Problems;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * Ingest answers framework errors as problem details too; a wrong content type gets ingest's own
 * code, since browsers sending with sendBeacon need to learn which types are taken.
 */
@Singleton
public class IngestFrameworkErrors implements FrameworkErrors {

  @Override
  public Problem problemFor(HttpStatus status, String path) {
    return status == HttpStatus.UNSUPPORTED_MEDIA_TYPE
        ? Problems.of(
            IngestProblem.UNSUPPORTED_MEDIA_TYPE,
            IngestProblem.UNSUPPORTED_MEDIA_TYPE.title(),
            path)
        : FrameworkErrors.super.problemFor(status, path);
  }
}
