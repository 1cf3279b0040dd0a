"""What the soak's viewers saw: pure bookkeeping, importable without the load tools."""

from collections import Counter

from bench.percentiles import percentile


def viewer_results(viewers: list, db_counters: dict, events: dict) -> dict:
    """Final board per viewer, and how soon those cut off by the kill had a board again."""
    final_ok = not_connected = wrong = never = 0
    wrong_examples = []
    for v in viewers:
        last, end = v[6], v[4]
        if v[1] is None:
            never += 1
        elif end is not None:
            not_connected += 1
        elif last != db_counters:
            wrong += 1
            if len(wrong_examples) < 3:
                wrong_examples.append(last)
        else:
            final_ok += 1
    result = {
        "viewers": len(viewers),
        "final_ok": final_ok,
        "not_connected": not_connected,
        "never_connected": never,
        "stale": wrong,
        "stale_examples": wrong_examples,
        "connections": sum(len(v[7]) for v in viewers),
    }
    ends = Counter(s[3] for v in viewers for s in v[7] if s[3] and s[3] != "closed by us")
    result["ended_by"] = dict(ends.most_common(6))
    if "kill" in events:
        # No "back": a killed worker never answered again, so nobody came back "after" it.
        kill, back = events["kill"], events.get("back")
        gaps, dropped = [], 0
        for v in viewers:
            sessions = v[7]
            for i, s in enumerate(sessions):
                if s[2] is not None and kill - 0.5 <= s[2] <= kill + 5:
                    dropped += 1
                    again = next((n[1] for n in sessions[i + 1 :] if n[1] is not None), None)
                    gaps.append(again)
                    break
        seen_again = [g for g in gaps if g is not None]
        result["kill"] = {
            "dropped": dropped,
            "board_again": len(seen_again),
            "after_kill_p50": percentile([g - kill for g in seen_again], 50),
            "after_kill_max": max((g - kill for g in seen_again), default=float("nan")),
            "after_back_max": (
                max((g - back for g in seen_again), default=float("nan"))
                if back is not None
                else float("nan")
            ),
            "within_5s_of_back": (
                sum(g <= back + 5 for g in seen_again) if back is not None else 0
            ),
            "workers_back": back is not None,
        }
    if "redis_up" in events:
        up = events["redis_up"]
        # Updates still reach everyone after the restart: a snapshot received after it.
        result["redis"] = {
            "updated_after": sum(any(t > up + 0.5 for t, _f in v[3]) for v in viewers),
        }
    return result
