from nicegui.testing import User


async def test_home_lists_the_safety_plan(user: User) -> None:
    await user.open("/")
    await user.should_see("Start a workflow")
    await user.should_see("Personal safety plan")
