from contest.models import Contest


def seed_unit_contacts(contest: Contest) -> str:
    return ""
