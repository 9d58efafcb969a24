"""Every word of the kiosk's own screens (buttons, headings, notes), in English and Spanish.

The questions themselves come from workflows/definitions/kiosk_intake.yaml; this table is the
frame around them. The Spanish is written for a person reading it in a police lobby (usted, plain
words), not translated word for word. A test checks that every entry has both languages and the
same {placeholders} in each.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["en", "es"]
LANGUAGES: tuple[Lang, ...] = ("en", "es")

TEXT: dict[str, dict[str, str]] = {
    "unit": {
        "en": "Peoria Police — social services",
        "es": "Policía de Peoria — servicios sociales",
    },
    "choose_language": {"en": "Choose your language", "es": "Elija su idioma"},
    "language_name": {"en": "English", "es": "Español"},
    "quick_exit": {"en": "Quick exit", "es": "Salida rápida"},
    "quick_exit_note": {
        "en": "Quick exit (or pressing Esc three times) hides this screen at once from anyone looking over "
              "your shoulder. It does not erase everything a device may record. Nothing you type here is "
              "kept on this screen.",
        "es": "La salida rápida (o pulsar Esc tres veces) oculta esta pantalla al instante de quien mire por "
              "encima de su hombro. No borra todo lo que un aparato pueda registrar. Nada de lo que escriba "
              "aquí se queda guardado en esta pantalla.",
    },
    "ask_staff": {"en": "Ask a staff member instead", "es": "Prefiero hablar con una persona"},
    "ask_staff_title": {"en": "Please go to the front window", "es": "Por favor, vaya a la ventanilla"},
    "ask_staff_body": {
        "en": "Tell the officer at the front window that you would like to talk with someone from social "
              "services. You do not have to say why.",
        "es": "Dígale al oficial de la ventanilla que quiere hablar con alguien de servicios sociales. "
              "No tiene que decir por qué.",
    },
    "ask_staff_sent": {
        "en": "We have also let the team know that someone at this screen would like to talk with them.",
        "es": "También le avisamos al equipo que alguien en esta pantalla quiere hablar con ellos.",
    },
    "step_of": {"en": "Question {number} of {total}", "es": "Pregunta {number} de {total}"},
    "back": {"en": "Back", "es": "Atrás"},
    "next": {"en": "Next", "es": "Siguiente"},
    "check_answers": {"en": "Check your answers", "es": "Revise sus respuestas"},
    "check_help": {
        "en": "If something is not right, press Change. Nothing is sent until you press Send.",
        "es": "Si algo no está bien, toque Cambiar. No se envía nada hasta que toque Enviar.",
    },
    "change": {"en": "Change", "es": "Cambiar"},
    "change_step": {"en": "Change: {title}", "es": "Cambiar: {title}"},
    "not_answered": {"en": "Not answered", "es": "Sin respuesta"},
    "send": {"en": "Send", "es": "Enviar"},
    "fix_answers": {
        "en": "Please check the answer marked in red before you go on.",
        "es": "Por favor, revise la respuesta marcada en rojo antes de seguir.",
    },
    "fix_before_send": {
        "en": "One of the questions still needs an answer. Press Change next to it.",
        "es": "Todavía falta responder una pregunta. Toque Cambiar junto a ella.",
    },
    "emergency_title": {
        "en": "In danger right now? Call {number}",
        "es": "¿Está en peligro ahora mismo? Llame al {number}",
    },
    "emergency_sent": {
        "en": "Or tell the officer at the front window right away. A staff member has been told and is "
              "coming to you.",
        "es": "O avise enseguida al oficial de la ventanilla. Ya le avisamos a un miembro del personal y "
              "viene a verle.",
    },
    # Until the server has confirmed the alert is stored (or when it could not be): never the
    # promise above, and the way to help that needs no computer.
    "emergency_not_sent": {
        "en": "Please go to the front window now and tell the officer: they can get help for you right away.",
        "es": "Por favor, vaya ahora mismo a la ventanilla y avise al oficial: le pueden conseguir ayuda "
              "enseguida.",
    },
    "thanks_title": {"en": "Thank you", "es": "Gracias"},
    "resets_in": {
        "en": "This screen clears itself in {seconds} seconds.",
        "es": "Esta pantalla se borrará sola en {seconds} segundos.",
    },
    "done": {"en": "Done", "es": "Terminar"},
    "idle_title": {"en": "Are you still there?", "es": "¿Sigue ahí?"},
    "idle_body": {
        "en": "To keep your answers private, this screen will clear them in {seconds} seconds.",
        "es": "Para proteger su privacidad, esta pantalla borrará sus respuestas en {seconds} segundos.",
    },
    "more_time": {"en": "I need more time", "es": "Necesito más tiempo"},
    "not_set_up": {
        "en": "This screen is not set up yet. Please ask at the front window.",
        "es": "Esta pantalla todavía no está lista. Por favor, pregunte en la ventanilla.",
    },
    "limited_title": {"en": "Please ask at the front window", "es": "Por favor, pregunte en la ventanilla"},
    "limited_body": {
        "en": "This screen cannot send your answers right now. The officer at the front window can help you "
              "straight away.",
        "es": "En este momento esta pantalla no puede enviar sus respuestas. El oficial de la ventanilla le "
              "puede atender enseguida.",
    },
    "emergency_short": {
        "en": "In an emergency, call {number}.",
        "es": "En una emergencia, llame al {number}.",
    },
}


def say(key: str, lang: str, **values: object) -> str:
    """The kiosk's text `key` in `lang` (English for a language the kiosk does not offer)."""
    texts = TEXT[key]
    template = texts.get(lang) or texts["en"]
    return template.format(**values) if values else template


def seconds(value: float) -> str:
    """A number of seconds as a person reads it ("90", not "90.0")."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
