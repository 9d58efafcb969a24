"""A safety plan driven through Chromium as a social worker fills it in: the lethality screen's
questions, the plan's sections, submit."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from support.app_server import RunningApp
from support.workflow_driver import Runner, log_in

LETHALITY = [
    "1. Has the partner ever used a weapon against you or threatened you with one?",
    "2. Has the partner threatened to kill you or your children?",
    "3. Do you think the partner might try to kill you?",
    "4. Does the partner have a gun, or can the partner get one easily?",
    "5. Has the partner ever tried to choke (strangle) you?",
    "6. Is the partner violently or constantly jealous, or does the partner control most of your daily activities?",
    "7. Have you left or separated from the partner after living together or being married?",
    "8. Is the partner unemployed?",
    "9. Has the partner ever tried to kill himself/herself?",
    "10. Do you have a child that the partner knows is not theirs?",
    "11. Does the partner follow or spy on you, or leave threatening messages?",
]

def begin(page: Page, app: RunningApp, name: str, children: bool,
          on_each_step: Callable[[Page, str], None] | None = None) -> Runner:
    log_in(page, app.url)
    page.get_by_role("button", name="Start Personal safety plan").click()
    run = Runner(page, on_each_step)
    run.heading("About this plan")
    run.type("Name of the person this plan is for", name)
    run.type("Date of this plan", "2026-11-20")
    run.type("Social worker", "J. Rivera")
    run.yes_no("Is the person who hurt them a current or former intimate partner?", "Yes")
    run.yes_no("Do they have children living with them?", "Yes" if children else "No")
    run.next("Lethality screen")
    return run

def plan_sections(run: Runner, children: bool) -> None:
    run.type("Which rooms are safer to move to? (not the kitchen, bathroom, garage, or rooms with weapons)",
             "The front room by the door")
    run.type("Where will you go if you have to leave quickly?", "My sister's flat on Main St")
    run.type('A code word that means "call the police"', "pineapple")
    run.next("When preparing to leave")
    run.next("In your own home")
    run.tick("Change the locks")
    if children:
        run.type("Who may pick up the children (and who may not)?", "Only me and my sister")
    run.next("With an order of protection")
    run.yes_no("Do you have an order of protection?", "No")
    run.next("At work and in public")
    run.next("Alcohol and drug use")
    run.next("Your emotional health")
    run.next("With children" if children else "Technology safety")
    if children:
        run.type("How and when will the children call for help?", "Go to the neighbour and dial 911")
        run.next("Technology safety")
    run.tick("Turn off location sharing")
    run.next("Items to take when you leave")
    run.tick("Medications")
    run.tick("Birth certificates")
    run.next("Important phone numbers")
    run.page.get_by_role("button", name=re.compile("Add number")).click()
    run.type("Who or what", "Sister Rosa")
    run.type("Phone number", "309-555-0142")
    run.next("Review your answers")

def submit(run: Runner) -> None:
    run.page.get_by_role("button", name=re.compile("Submit")).click()
    expect(run.page.get_by_role("link", name="Download Safety plan (take-home copy) (PDF)")).to_be_visible()

def high_danger_protocol(run: Runner) -> None:
    run.yes_no(LETHALITY[1], "Yes")  # a threat to kill: high danger on its own
    run.next("High-danger protocol")
    run.yes_no("Did you call the domestic-violence hotline?", "Yes")
    run.yes_no("Did the person speak with the hotline advocate?", "No")
    run.type("If they did not, why not?", "Not ready to talk today")
    run.type("What information did you give them?", "Advocate's safety-planning leaflet")
    run.next("During a violent incident")
