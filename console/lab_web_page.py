"""The lab's sign-in page in the browser (console/lab_web.py): a plain form, no script, every
text translated and escaped."""

from __future__ import annotations

from html import escape

from backends.i18n import _

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:sans-serif;max-width:24em;margin:4em auto}}
label,input,button{{display:block;width:100%;margin:.4em 0}}.error{{color:#b00}}</style>
</head><body><h1>{title}</h1>{error}
<form method="post" action="/login">
<label for="login">{login}</label><input id="login" name="login" autocomplete="username"
 maxlength="40" required autofocus>
<label for="token">{token}</label><input id="token" name="token" type="password"
 autocomplete="current-password" maxlength="200" required>
<button type="submit">{submit}</button></form><p>{hint}</p></body></html>"""


def sign_in_page(error: str = "") -> str:
    return PAGE.format(
        title=escape(_("Centralino lab: sign in")),
        error=f'<p class="error" role="alert">{escape(error)}</p>' if error else "",
        login=escape(_("Login")), token=escape(_("Token")), submit=escape(_("Sign in")),
        hint=escape(_("Trainees: your instructor gives you your login and token. "
                       "Instructors: sign in with your own to open the board.")))
