"""Recompute the case log's hash chain and name the first entry that does not match."""

from django.core.management.base import BaseCommand, CommandError

from incidents.verification import parse_checkpoint, verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the case log's hash chain from the first entry. Exits non-zero and names the first "
        "entry that does not match, or a checkpoint the log no longer contains."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="SEQ:HASH",
            help="A head written down earlier (from the public log page); may be given more than once.",
        )

    def handle(self, *args, **options):
        try:
            checkpoints = [parse_checkpoint(text) for text in options["checkpoint"]]
        except ValueError as error:
            raise CommandError(str(error)) from None
        result = verify_chain(checkpoints)
        if not result.intact:
            raise CommandError("The case log does not verify: " + " ".join(result.problems))
        self.stdout.write(self.style.SUCCESS(
            f"The case log is intact: {result.entries} entries; head {result.head_seq}:{result.head_hash}."
        ))
        for seq, hash_ in checkpoints:
            self.stdout.write(f"Checkpoint {seq}:{hash_} is in the log.")
