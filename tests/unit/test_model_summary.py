"""The short summary of make eval that the beheer's model page shows after a job
(hulpwijzer/staff/model_summary.py): figures against their targets, in Dutch."""
from hulpwijzer.staff import heldout, model_summary
from hulpwijzer.staff.model_summary import lines, percent, score, summarise

NBSP = "\u00a0"  # between a number and its % sign: the two never break over two lines

COUNTS = {"questions": 273, "crisis_messages": 270, "harmless_messages": 455, "seconds": 41}


def test_a_model_that_meets_every_target_says_so():
    summary = summarise({"topic": 0.912, "no_topic": 0.03, "crisis_recall": 0.985, "false_alarms": 0.018, **COUNTS})
    assert summary.headline == "Het model haalt alle doelen."
    assert [(r.value, r.goal, r.verdict) for r in summary.rows] == [
        (f"91,2{NBSP}%", f"minstens 90{NBSP}%", "gehaald"), (f"3{NBSP}%", f"hoogstens 5{NBSP}%", "gehaald"),
        (f"98,5{NBSP}%", f"minstens 98{NBSP}%", "gehaald"), (f"1,8{NBSP}%", f"hoogstens 2{NBSP}%", "gehaald")]
    assert summary.basis == ("Gemeten met het model zelf op 273 echte vragen, 270 crisisberichten en 455 gewone "
                             "berichten die niemand van ons schreef (in 41 seconden).")


def test_a_missed_target_is_named_in_the_headline_and_its_line():
    summary = summarise({"topic": 0.88, "no_topic": 0.05, "crisis_recall": 0.77, "false_alarms": 0.021, **COUNTS})
    assert summary.headline == ("Het model haalt 3 van de 4 doelen niet: echte vragen met het goede onderwerp, "
                                "crisisberichten die het crisisantwoord krijgen, gewone berichten die toch het "
                                "crisisantwoord krijgen.")
    text = lines(summary)
    assert f"- Echte vragen met het goede onderwerp: 88{NBSP}% (doel: minstens 90{NBSP}%): niet gehaald." in text
    assert f"- Echte vragen waarbij de bot geen onderwerp vindt: 5{NBSP}% (doel: hoogstens 5{NBSP}%): gehaald." in text  # on the line is met
    assert f"- Gewone berichten die toch het crisisantwoord krijgen: 2,1{NBSP}% (doel: hoogstens 2{NBSP}%): niet gehaald." in text


def test_the_targets_are_make_evals():
    goals = {t.key: t.goal for t in model_summary.TARGETS}
    assert goals == {"topic": heldout.TARGETS["topic"], "no_topic": heldout.TARGETS["no_topic"],
                     "crisis_recall": heldout.TARGET_RECALL, "false_alarms": heldout.TARGET_FALSE_ALARMS}
    assert percent(0.0) == f"0{NBSP}%" and percent(1.0) == f"100{NBSP}%" and percent(0.9999) == f"100{NBSP}%"


def _parse(intent: str, text: str = "") -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": 0.9}, "intent_ranking": [], "entities": []}


def test_score_counts_topic_no_topic_crisis_recall_and_false_alarms_as_make_eval_does():
    questions = [heldout.Question("a", ["pesten"], "parent", False), heldout.Question("b", ["pesten"], "young", False),
                 heldout.Question("c", ["opvoeding"], "parent", True), heldout.Question("d", ["onderwijs"], "parent", False)]
    parses = [_parse("hulp_pesten"), _parse("nlu_fallback"), _parse("crisis"), _parse("hulp_opvoeding")]
    messages = [heldout.HeldOut("x", "crisis", "suicide", "young", "w"), heldout.HeldOut("y", "crisis", "danger", "young", "w"),
                heldout.HeldOut("z", "none", "none", "parent", "w"), heldout.HeldOut("q", "concern", "none", "young", "w")]
    levels = [_parse("crisis"), _parse("hulp_pesten"), _parse("crisis"), _parse("crisis")]
    figures = score(questions, parses, messages, levels)
    assert figures == {"topic": 0.5, "no_topic": 0.25, "crisis_recall": 0.5, "false_alarms": 1.0,
                       "questions": 4, "crisis_messages": 2, "harmless_messages": 1}


def test_without_the_held_out_sets_the_summary_says_it_is_not_available(tmp_path, monkeypatch):
    monkeypatch.setattr(model_summary, "HELDOUT_QUESTIONS", tmp_path / "missing.yml")
    out = tmp_path / "summary.json"
    model_summary.measure_and_write(tmp_path / "model.tar.gz", out)
    result = model_summary.read_result(out)
    assert "figures" not in result and "testvragen staan niet in deze installatie" in result["unavailable"]
