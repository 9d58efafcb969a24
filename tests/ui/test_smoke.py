from nicegui.testing import User
from support.ui import login


async def test_home_lists_the_safety_plan(user: User) -> None:
    await login(user)
    await user.should_see("Start a workflow")
    await user.should_see("Personal safety plan")
