"""Plain-language validation messages, in every language the kiosk offers."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "required": {"en": "Please answer this question.", "es": "Por favor, responda esta pregunta."},
    "required_yesno": {"en": "Please answer yes or no.", "es": "Por favor, responda sí o no."},
    "required_choice": {"en": "Please choose an answer.", "es": "Por favor, elija una respuesta."},
    "required_items": {"en": "Please add at least one.", "es": "Por favor, agregue al menos uno."},
    "text": {"en": "Please type your answer as text.", "es": "Por favor, escriba su respuesta."},
    "too_long": {
        "en": "Please keep this to {max} characters or fewer.",
        "es": "Por favor, use {max} caracteres o menos.",
    },
    "pattern": {
        "en": "This does not look right. Please check it.",
        "es": "Esto no parece correcto. Revíselo, por favor.",
    },
    "number": {"en": "Please enter a number.", "es": "Por favor, escriba un número."},
    "min": {"en": "Please enter {min} or more.", "es": "Por favor, escriba {min} o más."},
    "max": {"en": "Please enter {max} or less.", "es": "Por favor, escriba {max} o menos."},
    "date": {
        "en": "Please enter a date as year-month-day, for example 2026-03-14.",
        "es": "Por favor, escriba la fecha como año-mes-día, por ejemplo 2026-03-14.",
    },
    "date_min": {"en": "The date cannot be before {min}.", "es": "La fecha no puede ser anterior a {min}."},
    "date_max": {"en": "The date cannot be after {max}.", "es": "La fecha no puede ser posterior a {max}."},
    "today": {"en": "today", "es": "hoy"},
    "yesno": {"en": "Please answer yes, no or not answered.", "es": "Por favor, responda sí, no o sin respuesta."},
    "choice": {"en": "Please choose one of the options shown.", "es": "Por favor, elija una de las opciones."},
    "multi_min": {"en": "Please choose at least {min}.", "es": "Por favor, elija al menos {min}."},
    "multi_max": {"en": "Please choose no more than {max}.", "es": "Por favor, elija no más de {max}."},
    "phone": {
        "en": "Please enter a phone number with its area code, for example 309-555-0100.",
        "es": "Por favor, escriba un número de teléfono con su código de área, por ejemplo 309-555-0100.",
    },
    "email": {
        "en": "Please enter an email address, for example name@example.org.",
        "es": "Por favor, escriba un correo electrónico, por ejemplo nombre@ejemplo.org.",
    },
    "items_min": {"en": "Please add at least {min}.", "es": "Por favor, agregue al menos {min}."},
    "items_max": {"en": "Please add no more than {max}.", "es": "Por favor, agregue no más de {max}."},
    "items": {"en": "Please add the entries as a list.", "es": "Por favor, agregue las entradas como una lista."},
    "answers": {
        "en": "The answers to this step are not in the right form.",
        "es": "Las respuestas no tienen la forma correcta.",
    },
}


def message(key: str, lang: str = "en", **values: object) -> str:
    texts = MESSAGES[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**{k: _plain(v) for k, v in values.items()})


def _plain(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
