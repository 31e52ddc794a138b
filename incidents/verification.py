"""Recomputing the case log's hash chain, for `manage.py verify_log` and the tests."""

from dataclasses import dataclass, field

from incidents.models import GENESIS_HASH, CaseEvent, CaseLogHead


@dataclass
class VerificationResult:
    entries: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    problems: list = field(default_factory=list)

    @property
    def intact(self):
        return not self.problems


def verify_chain(checkpoints=(), chunk_size=2000):
    """Walk the log in order; stop at the first entry that does not match, and say why."""
    result = VerificationResult()
    expected_seq, expected_prev = 1, GENESIS_HASH
    hashes_at = {}
    wanted = {seq for seq, _hash in checkpoints}
    events = CaseEvent.objects.select_related("incident").order_by("seq").iterator(chunk_size=chunk_size)
    for event in events:
        where = (f"entry {event.seq} (case {event.incident.code}, {event.kind}, "
                 f"recorded {event.recorded_at:%Y-%m-%d %H:%M:%S})")
        if event.seq != expected_seq:
            result.problems.append(
                f"entry {expected_seq} is missing: the entry after {expected_seq - 1} is {event.seq}.")
            break
        if event.prev_hash != expected_prev:
            result.problems.append(f"{where} does not link to the entry before it: its previous hash is "
                                   f"{event.prev_hash}, but entry {expected_seq - 1} has hash {expected_prev}.")
            break
        recomputed = event.compute_hash(event.incident.code)
        if recomputed != event.hash:
            result.problems.append(f"{where} does not match its hash: stored {event.hash}, recomputed {recomputed}. "
                                   "Its content was changed after it was written.")
            break
        if event.seq in wanted:
            hashes_at[event.seq] = event.hash
        result.entries += 1
        result.head_seq, result.head_hash = event.seq, event.hash
        expected_seq, expected_prev = event.seq + 1, event.hash
    if result.problems:
        return result
    head = CaseLogHead.objects.filter(pk=1).first()
    if head is not None and (head.seq, head.hash) != (result.head_seq, result.head_hash):
        result.problems.append(f"the log ends at entry {result.head_seq}, but its head records entry {head.seq} "
                               f"with hash {head.hash}: entries were removed from the end.")
    for seq, expected_hash in checkpoints:
        if seq not in hashes_at:
            result.problems.append(f"checkpoint {seq} is not in the log, which ends at entry {result.head_seq}.")
        elif hashes_at[seq] != expected_hash:
            result.problems.append(f"checkpoint {seq} does not match: the log has {hashes_at[seq]} "
                                   f"where the checkpoint says {expected_hash}.")
    return result


def parse_checkpoint(text):
    """'SEQ:HASH' as written down from the public log page."""
    seq, separator, hash_ = text.strip().partition(":")
    if not separator or not seq.isdigit() or len(hash_) != 64 or any(c not in "0123456789abcdef" for c in hash_):
        raise ValueError(f"{text!r} is not a checkpoint: write it as SEQ:HASH, e.g. 42:3f9a… (64 hex digits).")
    return int(seq), hash_
