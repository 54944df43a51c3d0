"""Addresses that are not pages answer 404 (with the friendly page); real pages answer 200."""

import pytest


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.mark.parametrize("path", ["/", "/explore", "/explore?by=ethnicity", "/about", "/briefing",
                                  "/topics/mental-health-and-social-care", "/explore?ind=nonsense"])
def test_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/no/such/page", "/explorer", "/topics/other", "/404"])
def test_unknown_addresses_answer_404_with_the_app_shell(client, path):
    r = client.get(path)
    assert r.status_code == 404
    assert r.mimetype == "text/html" and b'lang="en"' in r.data


def test_routes_that_are_not_pages_keep_their_own_status(client):
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/data/latest/figures.csv").status_code == 200
    assert client.get("/data/latest/nope.csv").status_code == 404
