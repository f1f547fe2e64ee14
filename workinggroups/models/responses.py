"""A person's answer to a meeting invitation (RSVP): the attendance record the secretariat fills starts from it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingResponse(models.Model):
    class Answer(models.TextChoices):
        ATTENDING = "attending", _("Attending")
        APOLOGIES = "apologies", _("Apologies (not attending)")

    meeting = models.ForeignKey("workinggroups.Meeting", on_delete=models.CASCADE, related_name="responses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("your answer"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("answer to a meeting invitation")
        verbose_name_plural = _("answers to meeting invitations")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="meetingresponse_once_per_person"),
            models.CheckConstraint(
                condition=models.Q(answer__in=["attending", "apologies"]), name="meetingresponse_answer_valid"
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.meeting_id}: {self.answer}"

    @property
    def is_attending(self) -> bool:
        return self.answer == self.Answer.ATTENDING
