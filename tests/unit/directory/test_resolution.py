"""Which customers a breach affects: those using an affected service, and only those."""

from __future__ import annotations

from uuid import UUID

from hypothesis import given
from hypothesis import strategies as st

from breach.directory.resolution import ServiceUse, affected_customers, unaffected_customers

A, B, C = UUID(int=1), UUID(int=2), UUID(int=3)
MAIL, CRM, WEB = UUID(int=101), UUID(int=102), UUID(int=103)
USES = [
    ServiceUse(A, MAIL, 100),
    ServiceUse(A, CRM, 50),
    ServiceUse(B, CRM, 7),
    ServiceUse(C, WEB, 1000),
]


def test_only_users_of_an_affected_service_are_affected() -> None:
    """A breach of the CRM reaches A and B, not C."""
    assert [a.customer_id for a in affected_customers(USES, [CRM])] == [A, B]


def test_subjects_are_summed_over_affected_services_only() -> None:
    """A customer on two affected services counts the people of both; unaffected services do not count."""
    by_id = {a.customer_id: a for a in affected_customers(USES, [MAIL, CRM])}
    assert by_id[A].data_subjects == 150
    assert by_id[A].service_ids == (MAIL, CRM)
    assert by_id[B].data_subjects == 7


def test_no_affected_service_affects_nobody() -> None:
    """An incident on a service nobody uses affects no customer."""
    assert affected_customers(USES, [UUID(int=999)]) == []


def test_unaffected_customers_are_the_rest() -> None:
    """The report of who was not told lists exactly the others."""
    affected = affected_customers(USES, [CRM])
    assert unaffected_customers([A, B, C], affected) == [C]


uses = st.lists(
    st.builds(
        ServiceUse,
        st.integers(1, 20).map(lambda i: UUID(int=i)),
        st.integers(100, 105).map(lambda i: UUID(int=i)),
        st.integers(0, 10_000),
    ),
    unique_by=lambda u: (u.customer_id, u.service_id),
)


@given(uses, st.sets(st.integers(100, 105).map(lambda i: UUID(int=i))))
def test_affected_iff_uses_an_affected_service(all_uses: list[ServiceUse], hit: set[UUID]) -> None:
    """Property: a customer is affected exactly when one of its services is hit, and appears once."""
    result = affected_customers(all_uses, hit)
    expected = {u.customer_id for u in all_uses if u.service_id in hit}
    assert [a.customer_id for a in result] == sorted(expected)
