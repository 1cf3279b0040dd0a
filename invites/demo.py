from contest.models import Contest


def seed_invites(contest: Contest) -> str:
    return ""
