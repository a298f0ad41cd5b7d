"""Settings: the one reader of the environment."""

import pytest

from agent.settings import Settings


def test_defaults_are_offline_on_sqlite_under_filon_home(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FILON_HOME", str(tmp_path))
    settings = Settings()
    assert settings.offline
    assert settings.database_url == f"sqlite:///{tmp_path / 'filon.db'}"


def test_under_filon_ui_the_key_is_the_one_filon_ui_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    # Chainlit under CI=true puts a fake OPENAI_API_KEY in its process's environment.
    monkeypatch.setenv("OPENAI_API_KEY", "sk-fake-from-chainlit")
    monkeypatch.setenv("FILON_UI", "1")
    monkeypatch.setenv("FILON_UI_OPENAI_API_KEY", "")
    assert Settings().offline
    monkeypatch.setenv("FILON_UI_OPENAI_API_KEY", "sk-real")
    key = Settings().openai_api_key
    assert key is not None and key.get_secret_value() == "sk-real"


def test_ui_allowed_origins_are_a_comma_separated_list_of_origins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Settings().ui_allowed_origins == ()
    monkeypatch.setenv(
        "FILON_UI_ALLOWED_ORIGINS", " https://Filon.Example:443/ ,http://[::1]:8000,, http://x:80"
    )
    assert Settings().ui_allowed_origins == (
        "https://filon.example",
        "http://[::1]:8000",
        "http://x",
    )


@pytest.mark.parametrize(
    "value", ["*", "null", "https://a.example/path", "https://user@a.example", "ftp://a.example"]
)
def test_ui_allowed_origins_refuse_what_is_not_an_origin(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FILON_UI_ALLOWED_ORIGINS", value)
    with pytest.raises(ValueError, match="FILON_UI_ALLOWED_ORIGINS"):
        Settings()


@pytest.mark.parametrize("value", ["0", "-1", "-0.5"])
def test_a_timeout_that_is_not_positive_is_refused(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pydantic import ValidationError

    monkeypatch.setenv("FILON_HTTP_TIMEOUT", value)
    with pytest.raises(ValidationError, match="greater than 0"):
        Settings()


def test_the_cli_names_a_bad_timeout_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from agent.cli import app

    monkeypatch.setenv("FILON_HTTP_TIMEOUT", "0")
    result = CliRunner().invoke(app, ["search", "ondilab"])

    assert result.exit_code != 0
    assert result.stderr.strip() == (
        "filon: variable d'environnement FILON_HTTP_TIMEOUT invalide («\u202f0\u202f») : "
        "une valeur supérieure à 0 est attendue."
    )
