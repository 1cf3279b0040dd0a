def short_name(full_name: str) -> str:
    """'Nguyễn Văn An' -> 'Nguyễn V. A.': the family name, then initials, for public boards."""
    if "#" in full_name:  # anonymised ("Thí sinh đã xoá #12"): no real name has a "#"
        return full_name
    words = full_name.split()
    if len(words) < 2:
        return full_name
    return " ".join([words[0], *(f"{word[0]}." for word in words[1:])])
