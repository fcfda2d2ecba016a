"""A jurisdiction's page shows the people of another jurisdiction's log as a redacted page
would: hop 1 searches a same-named county's log for misfiled entries, and a sheriff who reads
the page is outside that jail (`report.payload.build_payload`)."""

from linkage.report.html import write_report
from linkage.store import Store
from tests.test_review import built_demo


def test_a_jurisdictions_page_masks_the_people_of_another_states_log(tmp_path):
    with Store.open(built_demo(), read_only=True) as store:
        run = store.con.execute("select run_id from runs where status = 'done'").fetchall()[0][0]
        html = write_report(store, run, tmp_path / "tx.html", jurisdiction="TX/MONTGOMERY").read_text()
        # The bookings TX/Montgomery's verdicts name, in its own log and in Maryland's.
        named = store.con.execute(
            """select b.jurisdiction, b.full_name, b.dob::varchar from outcomes o
               join report_entries e using (entry_id) join bookings b using (booking_uid)
               where o.run_id = ? and e.jurisdiction = 'TX/MONTGOMERY'""", [run]).fetchall()
    own = [(name, dob) for place, name, dob in named if place == "TX/MONTGOMERY"]
    other = [(name, dob) for place, name, dob in named if place != "TX/MONTGOMERY"]
    assert own and other  # the demo files some Maryland people under Texas's Montgomery
    assert all(name in html for name, _ in own)
    assert [name for name, _ in other if name in html] == []
    assert [dob for _, dob in other if dob and dob in html] == []
