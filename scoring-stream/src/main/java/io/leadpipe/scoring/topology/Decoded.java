package io.leadpipe.scoring.topology;

import io.leadpipe.schemas.deadletter.DeadLetter;
import io.leadpipe.scoring.profile.VisitorInput;

/** Either a decoded input record (the contract event and the input it makes) or the dead letter saying why not. */
record Decoded<T>(T event, VisitorInput input, DeadLetter deadLetter) {
}
